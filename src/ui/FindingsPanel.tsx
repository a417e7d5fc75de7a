import { useMemo, useState } from 'react';
import type { Finding, Severity } from '../../workers/findings';
import { store, useEditor } from '../app/instance';
import { formatMeasure } from '../units';

const SEV_LABEL: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };
const SEV_ORDER: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };


/** Findings of every engine as a list; clicking one selects its equipment and frames it in 3D. */
export function FindingsPanel() {
  const base = useEditor((s) => s.analysis);
  const airflow = useEditor((s) => s.airflow.result);
  const thermalOn = useEditor((s) => s.thermal.on);
  // airflow runs in its own worker; its findings join the list while it is on
  const analysis = useMemo(() => {
    if (!thermalOn || !airflow) return base;
    const findings = [...base.findings, ...airflow.findings].sort((a, b) => SEV_ORDER[b.severity] - SEV_ORDER[a.severity]);
    return { ...base, findings };
  }, [base, airflow, thermalOn]);
  const units = useEditor((s) => s.units);
  const fmt = (v: number, u: string) => formatMeasure(v, u, units);
  const [sev, setSev] = useState<'all' | Severity>('all');
  const [owner, setOwner] = useState<'all' | Finding['owner']>('all');
  const list = useMemo(
    () => analysis.findings.filter((f) => (sev === 'all' || f.severity === sev) && (owner === 'all' || f.owner === owner)),
    [analysis.findings, sev, owner],
  );
  const counts = useMemo(() => {
    const c = { critical: 0, warning: 0, info: 0 };
    for (const f of analysis.findings) c[f.severity]++;
    return c;
  }, [analysis.findings]);
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
