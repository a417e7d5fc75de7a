import { useStore } from 'zustand';
import { Editor } from '../editor/editor';
import { emptyHallDoc } from '../model/document';
import { createEditorStore, type EditorState } from '../store/store';

/** The app's one store and editor. Starts on an empty hall until bootstrap opens the real document. */
export const store = createEditorStore(emptyHallDoc(60, 30));
export const editor = new Editor(store);

export function useEditor<T>(selector: (s: EditorState) => T): T {
  return useStore(store, selector);
}

/**
 * What the DOM side needs from the 3D view (set by the scene while mounted): turn a client pixel into
 * a plan point on the floor, and request a redraw.
 */
export const viewportBridge: {
  screenToFloor: ((clientX: number, clientY: number) => [number, number] | null) | null;
  floorToScreen: ((x: number, y: number, z?: number) => [number, number]) | null;
  invalidate: (() => void) | null;
  /** benchmark: mean ms per frame of the scene vs a bare instanced scene with as many boxes */
  benchFrames: ((frames: number) => { sceneMs: number; bareMs: number; boxes: number }) | null;
} = { screenToFloor: null, floorToScreen: null, invalidate: null, benchFrames: null };

// A handle for browser tests and the curious: read-only use expected.
if (typeof window !== 'undefined') {
  (window as unknown as { __retrofit: unknown }).__retrofit = { store, editor, viewport: viewportBridge };
}
