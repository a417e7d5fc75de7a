import { useEffect, useState } from 'react';
import { startAnalysis } from './analysis/client';
import { startAirflow } from './analysis/airflowClient';
import { ThermalPanel } from './ui/ThermalPanel';
import { FiguresPanel } from './ui/FiguresPanel';
import { bootstrap, openFile, startAutosave } from './app/fileActions';
import { editor, store, useEditor } from './app/instance';
import { Viewport } from './scene/Viewport';
import { CatalogPanel } from './ui/CatalogPanel';
import { FindingsPanel } from './ui/FindingsPanel';
import { Inspector } from './ui/Inspector';
import { NoticeBanner } from './ui/NoticeBanner';
import { FailurePicker, OneLinePanel } from './ui/OneLinePanel';
import { NewHallDialog } from './ui/NewHallDialog';

import { OutlinePanel } from './ui/OutlinePanel';
import { StatusBar } from './ui/StatusBar';
import { Toolbar } from './ui/Toolbar';

function isTyping(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/** Bottom drawer under the 3D view: the one-line diagram. */
function Drawer() {
  const open = useEditor((s) => s.drawer);
  if (!open) return null;
  return (
    <section className="drawer" aria-labelledby="drawer-h">
      <div className="drawer-head">
        <h2 id="drawer-h">One-line diagram</h2>
        <FailurePicker />
        <button aria-label="Close one-line diagram" onClick={() => store.getState().setView({ drawer: false })}>
          ×
        </button>
      </div>
      <OneLinePanel />
    </section>
  );
}

export function App() {
  const [ready, setReady] = useState(false);
  const [dropping, setDropping] = useState(false);
  useEffect(() => {
    let stopAutosave = () => {};
    let stopAnalysis = () => {};
    let stopAirflow = () => {};
    let cancelled = false;
    void bootstrap().finally(() => {
      if (cancelled) return;
      stopAutosave = startAutosave();
      stopAnalysis = startAnalysis(store);
      stopAirflow = startAirflow(store);
      setReady(true);
      document.body.dataset.ready = 'true';
    });
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      if (editor.key({ key: e.key, ctrl: e.ctrlKey || e.metaKey, shift: e.shiftKey })) e.preventDefault();
    };
    // dropping a .json anywhere on the window opens it
    const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
    const onDragOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDropping(true);
    };
    const onDragLeave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDropping(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDropping(false);
      const f = e.dataTransfer!.files[0];
      if (f) void openFile(f);
    };
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      const s = store.getState();
      if (s.doc !== s.savedDoc) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('drop', onDrop);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      cancelled = true;
      stopAutosave();
      stopAnalysis();
      stopAirflow();
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, []);
  return (
    <div className="app" aria-busy={!ready}>
      <Toolbar />
      <NoticeBanner />
      <main className="workspace">
        <aside className="sidebar left" aria-label="Catalog and equipment">
          <CatalogPanel />
          <OutlinePanel />
        </aside>
        <div className="center">
          <Viewport />
          <Drawer />
        </div>
        <aside className="sidebar right" aria-label="Inspector and findings">
          <Inspector />
          <ThermalPanel />
          <FiguresPanel />
          <FindingsPanel />
        </aside>
      </main>
      <StatusBar />
      <NewHallDialog />
      {dropping && (
        <div className="drop-overlay" aria-hidden="true">
          Drop a layout .json to open it
        </div>
      )}
    </div>
  );
}
