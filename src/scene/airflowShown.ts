import { useSyncExternalStore } from 'react';
import type { AirflowResult } from '../../workers/airflow/engine';
import { store } from '../app/instance';

/**
 * The airflow result as the 3D view shows it: the store's `airflow.result`, published to the scene one
 * frame later — after the browser has laid out and painted the panels that the same result changes.
 *
 * Why: on a software-rendered canvas (SwiftShader) every 3D frame blocks the main thread until the
 * GPU process has drawn it (≈ 45 ms for the converted hall); a result that re-renders the panels
 * (layout, paint) and the scene in the same frame made one task of both. Two frames, one for the DOM
 * and one for the canvas, keep each task near its own cost. On a real GPU the lag is one frame.
 */
let shown: AirflowResult | null = store.getState().airflow.result;
let pending = false;
const listeners = new Set<() => void>();

function publish() {
  pending = false;
  const r = store.getState().airflow.result;
  if (r === shown) return;
  shown = r;
  for (const l of listeners) l();
}

store.subscribe((s, prev) => {
  if (s.airflow.result === prev.airflow.result || pending) return;
  pending = true;
  // rAF runs at the start of the frame that paints the panels; a timeout from there runs after it
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(publish, 0));
  else setTimeout(publish, 0);
});

export function shownAirflow(): AirflowResult | null {
  return shown;
}

export function subscribeShownAirflow(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useShownAirflow(): AirflowResult | null {
  return useSyncExternalStore(subscribeShownAirflow, shownAirflow);
}
