import { useMemo, useRef, useState } from 'react';
import type { PowerEngineResult, PowerScenarioSummary } from '../../workers/power/adapt';
import { store, useEditor } from '../app/instance';
import { buildOneLine } from '../model/oneline';

const SIDE = { A: '#e8590c', B: '#1c7ed6' } as const;

/**
 * Failure picker: normal operation, or one of the single failures the power engine simulated ("lose
 * UPS-A", "lose side A"); the chosen scenario is then analysed and shown live in 3D and here.
 */
export function FailurePicker() {
  const scenario = useEditor((s) => s.scenario);
  const results = useEditor((s) => s.analysis.results);
  const last = useRef<PowerScenarioSummary[]>([]);
  const power = (results.find((r) => r.engine === 'electrical') as PowerEngineResult | undefined)?.power;
  if (power && !scenario) last.current = power.scenarios;
  const list = [...last.current].sort((a, b) => b.overloads + b.lostLoads - (a.overloads + a.lostLoads) || a.label.localeCompare(b.label));
  return (
    <label className="inline">
      Show{' '}
      <select
        aria-label="Show failure scenario"
        value={scenario?.key ?? ''}
        onChange={(e) => {
          const sc = list.find((x) => x.key === e.target.value);
          store.getState().setView({ scenario: sc ? { key: sc.key, label: sc.label, failed: sc.failed } : null });
        }}
      >
        <option value="">Normal operation</option>
        {list.map((x) => (
          <option key={x.key} value={x.key}>
            {x.label}
            {x.overloads || x.lostLoads ? ` — ${x.overloads} overloaded, ${x.lostLoads} loads lost` : ' — OK'}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * The one-line diagram: the power chain laid out automatically from the document's links; selecting a
 * box selects its equipment in 3D and back. Severity colours come from the findings.
 */
export function OneLinePanel() {
  const doc = useEditor((s) => s.committed);
  const selection = useEditor((s) => s.selection);
  const findings = useEditor((s) => s.analysis.findings);
  const graph = useMemo(() => buildOneLine(doc), [doc]);
  const [fit, setFit] = useState(true);
  const results = useEditor((s) => s.analysis.results);
  const power = (results.find((r) => r.engine === 'electrical') as PowerEngineResult | undefined)?.power;
  const util = useMemo(() => new Map((power?.elements ?? []).map((e) => [e.id, e])), [power]);
  const sel = useMemo(() => new Set(selection), [selection]);
  const sev = useMemo(() => {
    const m = new Map<string, 'critical' | 'warning'>();
    for (const f of findings) {
      if (f.severity === 'info' || f.owner !== 'electrical') continue;
      for (const id of f.subjects) if (f.severity === 'critical' || !m.has(id)) m.set(id, f.severity);
    }
    return m;
  }, [findings]);
  if (!graph.nodes.length) {
    return <p className="hint">No power links yet. Use Connect power (click a load, then its source) or Auto-connect A/B.</p>;
  }
  return (
    <div className="oneline-scroll">
      <button className="small ol-zoom" aria-pressed={!fit} onClick={() => setFit(!fit)}>
        {fit ? 'Actual size' : 'Fit width'}
      </button>
      <svg
        viewBox={`0 0 ${graph.width} ${graph.height}`}
        width={fit ? '100%' : graph.width}
        height={fit ? undefined : graph.height}
        preserveAspectRatio="xMidYMin meet"
        role="group"
        aria-label="One-line diagram"
      >
        {graph.edges.map((e) => (
          <polyline
            key={`${e.from}>${e.to}`}
            points={e.points.map((p) => `${p.x},${p.y}`).join(' ')}
            fill="none"
            stroke={e.side ? SIDE[e.side] : '#868e96'}
            strokeWidth={1.6}
          />
        ))}
        {graph.nodes.map((n) => {
          const selected = n.members.some((m) => sel.has(m));
          const worst = n.members.map((m) => sev.get(m)).find((x) => x === 'critical') ?? n.members.map((m) => sev.get(m)).find(Boolean);
          return (
            <g
              key={n.id}
              transform={`translate(${n.x},${n.y})`}
              role="button"
              tabIndex={0}
              aria-label={`${n.label}${worst ? ` (${worst})` : ''}`}
              aria-pressed={selected}
              className="ol-node"
              onClick={(ev) => store.getState().select(n.members, ev.shiftKey ? 'add' : 'replace')}
              onKeyDown={(ev) => {
                if (ev.key === 'Enter' || ev.key === ' ') store.getState().select(n.members);
              }}
              onDoubleClick={() => store.getState().frameIds(n.members)}
            >
              <rect
                width={n.w}
                height={n.h}
                rx={4}
                fill={selected ? '#fff1dc' : '#fff'}
                stroke={worst === 'critical' ? '#c62828' : worst === 'warning' ? '#e0a200' : selected ? '#ff9f1c' : '#8a96a8'}
                strokeWidth={worst || selected ? 2.5 : 1}
              />
              <text x={6} y={15} className="ol-label">
                {n.label.length > 24 ? n.label.slice(0, 23) + '…' : n.label}
              </text>
              <text x={6} y={30} className="ol-sub">
                {n.sub.length > 22 ? n.sub.slice(0, 21) + '…' : n.sub}
              </text>
              {n.members.length === 1 && util.get(n.id) && (
                <text x={n.w - 6} y={15} textAnchor="end" className={`ol-util${!util.get(n.id)!.alive ? ' dead' : util.get(n.id)!.utilisation > 1 ? ' over' : util.get(n.id)!.utilisation > 0.8 ? ' high' : ''}`}>
                  {util.get(n.id)!.alive ? `${Math.round(util.get(n.id)!.utilisation * 100)} %` : 'off'}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
