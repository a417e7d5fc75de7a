import { store, useEditor } from '../app/instance';
import { FigureItems } from './FigureItems';

/** The figures worth a glance at all times; every figure is listed in the Key figures panel. */
const STATUS_FIGURES = ['rack_count', 'it_load_kw', 'legacy_it_load_kw', 'power_site_kw', 'power_headroom_pct', 'power_pue', 'peak_floor_load_kg_m2'];

/** Key figures of every engine and the analysis status. */
export function StatusBar() {
  const a = useEditor((s) => s.analysis);
  const units = useEditor((s) => s.units);
  const tool = useEditor((s) => s.tool);
  const n = useEditor((s) => s.committed.equipment.length);
  const sel = useEditor((s) => s.selection.length);
  const scenario = useEditor((s) => s.scenario);
  return (
    <footer className="statusbar" aria-label="Status">
      <span role="status" aria-live="polite" className={`analysis-status st-${a.status}`}>
        {a.status === 'running' ? 'Analysing…' : a.status === 'error' ? 'Analysis failed' : a.status === 'done' ? `Checked in ${a.elapsedMs.toFixed(0)} ms` : 'Waiting'}
      </span>
      {scenario && (
        <span className="scenario-banner" role="status">
          Showing failure: <strong>{scenario.label}</strong>{' '}
          <button className="small" onClick={() => store.getState().setView({ scenario: null })}>
            Back to normal operation
          </button>
        </span>
      )}
      <span>
        {n} items{sel ? ` · ${sel} selected` : ''}
      </span>
      {tool.type === 'place' && <span className="tool-hint">Placing {tool.model}: click in the view (Shift keeps placing, Esc stops)</span>}
      {tool.type === 'pipe' && (
        <span className="tool-hint">
          {tool.cduId ? `Pipe loop from ${tool.cduId}: click route points (${tool.route.length} so far); Enter finishes, Backspace removes the last` : 'Pipe loop: click the CDU it starts from'} — Esc stops
        </span>
      )}
      {tool.type === 'connect' && (
        <span className="tool-hint">
          {tool.pendingTo ? `Now click the source that feeds ${tool.pendingTo} (side ${tool.side})` : `Connect power, side ${tool.side}: click a load first`} — Esc stops
        </span>
      )}
      <ul className="figures" aria-label="Key figures">
        <FigureItems figures={a.figures} names={STATUS_FIGURES} units={units} />
      </ul>
    </footer>
  );
}
