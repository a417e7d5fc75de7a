import { useMemo, useState } from 'react';
import type { Finding, Severity } from '../../workers/findings';
import { store, useEditor } from '../app/instance';
import { selectFindings } from '../store/store';
import { formatMeasure } from '../units';

const SEV_LABEL: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };


/** Findings of every engine as a list; clicking one selects its equipment and frames it in 3D. */
export function FindingsPanel() {
  const analysis = useEditor((s) => s.analysis);
  // the engines' findings plus live airflow's (the same list the 3D highlight uses)
  const all = useEditor(selectFindings);
  const units = useEditor((s) => s.units);
  const fmt = (v: number, u: string) => formatMeasure(v, u, units);
  const [sev, setSev] = useState<'all' | Severity>('all');
  const [owner, setOwner] = useState<'all' | Finding['owner']>('all');
  const list = useMemo(
    () => all.filter((f) => (sev === 'all' || f.severity === sev) && (owner === 'all' || f.owner === owner)),
    [all, sev, owner],
  );
  const counts = useMemo(() => {
    const c = { critical: 0, warning: 0, info: 0 };
    for (const f of all) c[f.severity]++;
    return c;
  }, [all]);
  const shown = list.slice(0, 300);
  return (
    <section className="panel findings" aria-labelledby="findings-h">
      <h2 id="findings-h">
        Findings{' '}
        <span className="count">
          <span className="sev-critical">{counts.critical} critical</span> · <span className="sev-warning">{counts.warning} warnings</span>
        </span>
      </h2>
      <div className="filters">
        <label className="inline">
          Severity{' '}
          <select value={sev} onChange={(e) => setSev(e.target.value as typeof sev)}>
            <option value="all">All</option>
            <option value="critical">Critical</option>
            <option value="warning">Warning</option>
            <option value="info">Info</option>
          </select>
        </label>
        <label className="inline">
          Owner{' '}
          <select value={owner} onChange={(e) => setOwner(e.target.value as typeof owner)}>
            <option value="all">All</option>
            <option value="IT">IT</option>
            <option value="electrical">Electrical</option>
            <option value="mechanical">Mechanical</option>
            <option value="structural">Structural</option>
          </select>
        </label>
      </div>
      {analysis.status === 'error' && (
        <p className="error" role="alert">
          Analysis failed: {analysis.error}. Your layout is unchanged; edit it or reload to try again.
        </p>
      )}
      {list.length === 0 && analysis.status !== 'error' && <p className="hint">{analysis.status === 'running' ? 'Checking…' : 'No findings: every check passes.'}</p>}
      <ul className="finding-list" aria-label="Findings">
        {shown.map((f) => (
          <li key={f.id}>
            <button
              className={`finding sev-${f.severity}`}
              onClick={() => {
                const s = store.getState();
                const ids = f.subjects.filter((id) => s.doc.equipment.some((e) => e.id === id));
                s.select(ids);
                // equipment, a pipe or loop, or the finding's own point (hot spots, velocities)
                if (ids.length || f.at || f.subjects.length) s.frameIds(ids.length ? ids : f.subjects, f.at);
              }}
            >
              <span className="badge">{SEV_LABEL[f.severity]}</span>
              <span className="finding-msg">{f.message}</span>
              <span className="finding-meta">
                {f.measured && <>measured {fmt(f.measured.value, f.measured.unit)}</>}
                {f.limit && <> · limit {fmt(f.limit.value, f.limit.unit)}</>} · {f.owner}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {list.length > shown.length && <p className="hint">…and {list.length - shown.length} more (filter to narrow down)</p>}
    </section>
  );
}
