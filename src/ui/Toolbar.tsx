import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { store, useEditor } from '../app/instance';
import { redo, undo } from '../store/store';
import { copyShareLink, openFromFile, openSample, saveToFile, type SampleEntry, listSamples } from '../app/fileActions';

function useHistory() {
  const past = useStore(store.temporal, (t) => t.pastStates.length);
  const future = useStore(store.temporal, (t) => t.futureStates.length);
  return { past, future };
}

export function Toolbar() {
  const title = useEditor((s) => s.committed.meta.title);
  const dirty = useEditor((s) => s.committed !== s.savedDoc);
  const view = useEditor((s) => s.view);
  const units = useEditor((s) => s.units);
  const labels = useEditor((s) => s.labels);
  const cutaway = useEditor((s) => s.cutaway);
  const snap = useEditor((s) => s.snap);
  const links = useEditor((s) => s.links);
  const tool = useEditor((s) => s.tool);
  const drawer = useEditor((s) => s.drawer);
  const { past, future } = useHistory();
  const [samples, setSamples] = useState<SampleEntry[]>([]);
  useEffect(() => {
    listSamples().then(setSamples, () => setSamples([]));
  }, []);
  const s = store.getState();
  return (
    <header className="toolbar" role="toolbar" aria-label="Main toolbar">
      <div className="brand">
        <strong>Retrofit Designer</strong>
        <span className="doc-title">
          {title}
          {dirty ? (
            <span className="dirty" aria-label="Unsaved changes" title="Unsaved changes (autosaved in this browser)">
              {' '}
              ● unsaved
            </span>
          ) : (
            <span className="saved"> · saved</span>
          )}
        </span>
      </div>
      <div className="group">
        <label className="inline">
          New from template{' '}
          <select
            value=""
            onChange={(e) => {
              const v = e.target.value;
              if (!v) return;
              if (v === '__empty') s.setView({ newHallOpen: true });
              else void openSample(v);
            }}
          >
            <option value="">Choose…</option>
            {samples.map((x) => (
              <option key={x.file} value={x.file}>
                {x.title}
              </option>
            ))}
            <option value="__empty">Empty hall of given size…</option>
          </select>
        </label>
        <button onClick={() => void openFromFile()}>Open…</button>
        <button onClick={() => saveToFile()}>Save .json</button>
        <button onClick={() => void copyShareLink()}>Copy share link</button>
      </div>
      <div className="group">
        <button onClick={() => undo(store)} disabled={!past} aria-label="Undo" title="Undo (Ctrl+Z)">
          ↶ Undo
        </button>
        <button onClick={() => redo(store)} disabled={!future} aria-label="Redo" title="Redo (Ctrl+Shift+Z)">
          ↷ Redo
        </button>
      </div>
      <div className="group">
        <button aria-pressed={view === '3d'} onClick={() => s.setView({ view: '3d' })}>
          3D
        </button>
        <button aria-pressed={view === 'plan'} onClick={() => s.setView({ view: 'plan' })}>
          Plan
        </button>
        <label className="inline">
          Units{' '}
          <select value={units} onChange={(e) => s.setView({ units: e.target.value as 'metric' | 'imperial' })}>
            <option value="metric">Metric (m, kW, °C)</option>
            <option value="imperial">Imperial (ft, kW, °F)</option>
          </select>
        </label>
        <button aria-pressed={labels} onClick={() => s.setView({ labels: !labels })}>
          Labels
        </button>
        <button aria-pressed={cutaway} onClick={() => s.setView({ cutaway: !cutaway })}>
          Cut walls
        </button>
        <button aria-pressed={snap} onClick={() => s.setView({ snap: !snap })}>
          Snap
        </button>
        <button aria-pressed={links} onClick={() => s.setView({ links: !links })}>
          Links &amp; pipes
        </button>
        <button aria-pressed={drawer} onClick={() => s.setView({ drawer: !drawer })}>
          One-line
        </button>
      </div>
      <div className="group" role="group" aria-label="Draw pipe loop">
        <button
          aria-pressed={tool.type === 'pipe'}
          onClick={() => s.setTool(tool.type === 'pipe' ? { type: 'select' } : { type: 'pipe', cduId: null, route: [], elevationM: 3.0 })}
          title="Click a CDU, then the route points (each segment runs along x or y); Enter finishes, Backspace removes the last point"
        >
          Draw pipe loop
        </button>
      </div>
      <div className="group" role="group" aria-label="Connect power">
        <button
          aria-pressed={tool.type === 'connect'}
          onClick={() => s.setTool(tool.type === 'connect' ? { type: 'select' } : { type: 'connect', side: 'A', pendingTo: null })}
          title="Click a load, then the busway, PDU, UPS or switchgear that feeds it"
        >
          Connect power
        </button>
        {tool.type === 'connect' && (
          <label className="inline">
            Side{' '}
            <select value={tool.side} onChange={(e) => s.setTool({ ...tool, side: e.target.value as 'A' | 'B' })}>
              <option value="A">A</option>
              <option value="B">B</option>
            </select>
          </label>
        )}
      </div>
    </header>
  );
}
