import { useState } from 'react';
import { store, useEditor } from '../app/instance';
import { getKind, resolveModel } from '../catalog/registry';
import type { AshraeClass, Connection, Equipment, LayoutDoc, Site } from '../model/document';
import { CONDUCTOR_SIZES } from '../../workers/power/electrical';
import { formatQty } from '../units';
import { autoConnectAB, buswaysAlongRow } from '../model/power';
import { NumberField } from './NumberField';
import { LoopsPanel } from './LoopsPanel';
import { AirflowAtItem } from './AirflowAtItem';

function EquipmentInspector({ e, doc }: { e: Equipment; doc: LayoutDoc }) {
  const k = getKind(e.kind);
  const s = store.getState();
  const model = resolveModel(e.kind, e.model, doc.customModels);
  const [count, setCount] = useState(9);
  const [pitch, setPitch] = useState(e.props.widthM);
  const [customName, setCustomName] = useState(`${model?.name ?? e.model} (custom)`);
  const hall = doc.halls.find((h) => h.id === e.hallId);
  return (
    <div className="inspector-body">
      <div className="field">
        <label htmlFor="insp-name">Name</label>
        <input id="insp-name" key={e.id} defaultValue={e.name} onBlur={(ev) => ev.target.value !== e.name && s.updateEquipment(e.id, { name: ev.target.value.slice(0, 200) })} />
      </div>
      <p className="meta">
        {k?.label ?? e.kind} · {model?.name ?? e.model} · {hall ? hall.name : 'outdoor'}
      </p>
      <fieldset>
        <legend>Placement</legend>
        <NumberField label="X (east)" quantity="length" value={e.position[0]} onCommit={(v) => s.moveTo(new Map([[e.id, [v, e.position[1]]]]))} />
        <NumberField label="Y (north)" quantity="length" value={e.position[1]} onCommit={(v) => s.moveTo(new Map([[e.id, [e.position[0], v]]]))} />
        <NumberField label="Elevation" quantity="length" value={e.position[2]} min={0} max={100} onCommit={(v) => s.updateEquipment(e.id, { position: [e.position[0], e.position[1], v] })} />
        <NumberField label="Rotation" quantity="angle" value={e.rotationDeg} min={-3600} max={3600} onCommit={(v) => s.setRotation(e.id, v)} />
        <div className="btn-row">
          <button onClick={() => s.rotateSelection(90)} aria-label="Rotate 90° counter-clockwise">
            ⟲ 90°
          </button>
          <button onClick={() => s.rotateSelection(-90)} aria-label="Rotate 90° clockwise">
            ⟳ 90°
          </button>
          <button onClick={() => s.duplicateSelection()}>Duplicate</button>
          <button onClick={() => s.deleteSelection()} className="danger">
            Delete
          </button>
        </div>
      </fieldset>
      <fieldset>
        <legend>Properties</legend>
        {k?.fields.map((f) => (
          <NumberField
            key={`${e.id}-${f.key}`}
            label={f.label + (f.source ? ` [${f.source}]` : '')}
            help={f.help ?? (f.source ? `Default's confidence: ${{ V: 'vendor/standard', S: 'secondary source', U: 'uncertain — check it' }[f.source]}` : undefined)}
            quantity={f.quantity}
            value={e.props[f.key]}
            min={f.min}
            max={f.max}
            step={f.step}
            onCommit={(v) => s.updateProps(e.id, { [f.key]: f.quantity === 'count' ? Math.round(v) : v })}
          />
        ))}
      </fieldset>
      <AirflowAtItem id={e.id} />
      <PowerLinks e={e} doc={doc} />
      <fieldset>
        <legend>Array (a row of copies)</legend>
        <div className="field">
          <label htmlFor="arr-n">Copies</label>
          <input id="arr-n" type="number" min={1} max={2000} value={count} onChange={(ev) => setCount(Number(ev.target.value))} />
        </div>
        <NumberField label="Pitch" quantity="length" value={pitch} min={0.05} max={100} onCommit={setPitch} />
        <button onClick={() => s.arraySelection(count, pitch)} disabled={!(count >= 1 && count <= 2000)}>
          Make row
        </button>
      </fieldset>
      <fieldset>
        <legend>Custom model</legend>
        <div className="field">
          <label htmlFor="cm-name">Model name</label>
          <input id="cm-name" value={customName} onChange={(ev) => setCustomName(ev.target.value)} />
        </div>
        <div className="btn-row">
          <button onClick={() => s.deriveModel(e.id, customName.trim() || 'Custom model')}>Save as custom model</button>
          {doc.customModels.some((m) => m.id === e.model) && (
            <button onClick={() => s.updateCustomModel(e.model, e.id, customName.trim() || undefined)}>Update “{model?.name}” from this item</button>
          )}
        </div>
      </fieldset>
    </div>
  );
}

/** The item's power links: what feeds it (with side) and what it feeds. */
function PowerLinks({ e, doc }: { e: Equipment; doc: LayoutDoc }) {
  const s = store.getState();
  const name = (id: string) => doc.equipment.find((x) => x.id === id)?.name ?? id;
  const ups = doc.connections.filter((c) => c.kind === 'power' && c.to === e.id);
  const downs = doc.connections.filter((c) => c.kind === 'power' && c.from === e.id);
  if (!ups.length && !downs.length && (getKind(e.kind)?.electricalKw(e.props) ?? 0) === 0) return null;
  return (
    <fieldset>
      <legend>Power</legend>
      {ups.length === 0 && <p className="hint">Not fed by anything yet: use Connect power or Auto-connect A/B.</p>}
      <ul className="links" aria-label="Fed by">
        {ups.map((c) => (
          <li key={c.id}>
            <details>
              <summary>
                Fed by <strong>{name(c.from)}</strong>
                {c.props.side ? ` (side ${String(c.props.side)})` : ''}
                {typeof c.props.lengthM === 'number' ? ` · ${String(c.props.size)} feeder` : ''}
              </summary>
              <FeedEditor c={c} />
            </details>
            <button className="small" aria-label={`Remove feed from ${name(c.from)}`} onClick={() => s.removeConnections([c.id])}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      {downs.length > 0 && (
        <p className="meta">
          Feeds {downs.length} item{downs.length > 1 ? 's' : ''}: {downs.slice(0, 4).map((c) => name(c.to)).join(', ')}
          {downs.length > 4 ? ', …' : ''}
        </p>
      )}
      {ups.length < 2 && (
        <button onClick={() => autoConnect([e.id])}>Auto-connect A/B</button>
      )}
    </fieldset>
  );
}

/** Draw an A and a B busway over the selected row, then feed every rack from them. */
function buswaysOverRow(ids: string[]) {
  const s = store.getState();
  const model = getKind('busway')?.models[0]?.id ?? '';
  const r = buswaysAlongRow(s.doc, ids, model);
  if (r.problem) {
    s.setNotice({ kind: 'error', title: `Cannot draw busways: ${r.problem}.`, details: [] });
    return;
  }
  s.placeMany(r.specs);
  s.setNotice({ kind: 'info', title: `Added busways A and B over the row (${r.specs[0].props.widthM.toFixed(1)} m). Connect them upstream with Connect power, then Auto-connect A/B the racks.`, details: [] });
}

/** Props of one power connection: side, standby, feeder cable, branch breaker. Values the engine reads. */
function FeedEditor({ c }: { c: Connection }) {
  const s = store.getState();
  const set = (patch: Record<string, number | string | boolean | undefined>) => s.updateConnection(c.id, patch);
  const hasFeeder = typeof c.props.lengthM === 'number';
  return (
    <div className="feed-editor">
      <div className="field">
        <label htmlFor={`${c.id}-side`}>Side</label>
        <select id={`${c.id}-side`} value={String(c.props.side ?? '')} onChange={(e) => set({ side: e.target.value || undefined })}>
          <option value="">none</option>
          <option value="A">A</option>
          <option value="B">B</option>
        </select>
      </div>
      <label className="inline">
        <input type="checkbox" checked={c.props.standby === true} onChange={(e) => set({ standby: e.target.checked || undefined })} /> Standby source (transfer switch)
      </label>
      <label className="inline">
        <input type="checkbox" checked={hasFeeder} onChange={(e) => set(e.target.checked ? { lengthM: 30, size: '4/0' } : { lengthM: undefined, size: undefined })} /> Feeder cable (voltage drop)
      </label>
      {hasFeeder && (
        <>
          <NumberField label="Feeder length" quantity="length" value={c.props.lengthM as number} min={0.1} max={10000} onCommit={(v) => set({ lengthM: v })} />
          <div className="field">
            <label htmlFor={`${c.id}-size`}>Copper size (AWG/kcmil)</label>
            <select id={`${c.id}-size`} value={String(c.props.size)} onChange={(e) => set({ size: e.target.value })}>
              {CONDUCTOR_SIZES.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
          </div>
        </>
      )}
      <NumberField
        label="Branch breaker (0 = default)"
        quantity="current"
        value={typeof c.props.breakerA === 'number' ? c.props.breakerA : 0}
        min={0}
        max={6000}
        onCommit={(v) => set({ breakerA: v > 0 ? v : undefined })}
      />
    </div>
  );
}

function autoConnect(ids: string[]) {
  const s = store.getState();
  const links = autoConnectAB(s.doc, ids);
  s.addConnections(links);
  s.setNotice(
    links.length
      ? { kind: 'info', title: `Connected ${links.length} power feed${links.length > 1 ? 's' : ''} to the nearest busways/PDUs on sides A and B.`, details: [] }
      : { kind: 'info', title: 'Nothing to connect: the selection is already fed on A and B, or no busway or PDU stands in its hall.', details: [] },
  );
}

/** Connect a row of racks to a pipe loop in one action (tees at the nearest points of its mains). */
function TapIntoLoop({ ids }: { ids: string[] }) {
  const loops = useEditor((s) => s.committed.pipeLoops);
  const [loopId, setLoopId] = useState('');
  if (!loops.length) return null;
  const id = loopId || loops[0].id;
  return (
    <div className="btn-row">
      <label className="inline">
        Pipe loop{' '}
        <select value={id} onChange={(e) => setLoopId(e.target.value)}>
          {loops.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <button
        onClick={() => {
          const n = store.getState().tapIntoLoop(id, ids);
          store.getState().setNotice({
            kind: 'info',
            title: n ? `Tapped ${n} rack${n > 1 ? 's' : ''} into ${loops.find((l) => l.id === id)?.name}.` : 'Nothing tapped: the selected racks are already on a loop.',
            details: [],
          });
        }}
      >
        Tap into loop
      </button>
    </div>
  );
}

function SiteInspector({ doc }: { doc: LayoutDoc }) {
  const s = store.getState();
  const site = doc.site;
  return (
    <div className="inspector-body">
      <fieldset>
        <legend>Site</legend>
        <div className="field">
          <label htmlFor="site-name">Site name</label>
          <input id="site-name" key={site.name} defaultValue={site.name} onBlur={(e) => e.target.value !== site.name && s.updateSite({ name: e.target.value.slice(0, 200) })} />
        </div>
        <NumberField label="Utility interconnect" quantity="powerMw" value={site.utility.interconnectMw} min={0} max={10000} onCommit={(v) => s.updateSite({ utility: { ...site.utility, interconnectMw: v } })} />
        <NumberField label="Service voltage" quantity="voltageKv" value={site.utility.voltageKv} min={0.1} max={1000} onCommit={(v) => s.updateSite({ utility: { ...site.utility, voltageKv: v } })} />
        <NumberField label="Design dry bulb" quantity="temperature" value={site.climate.designDryBulbC} min={-60} max={65} onCommit={(v) => s.updateSite({ climate: { ...site.climate, designDryBulbC: v } })} />
        <NumberField label="Design wet bulb" quantity="temperature" value={site.climate.designWetBulbC} min={-60} max={Math.min(45, site.climate.designDryBulbC)} onCommit={(v) => s.updateSite({ climate: { ...site.climate, designWetBulbC: v } })} />
        <div className="field">
          <label htmlFor="redundancy">Power redundancy</label>
          <select id="redundancy" value={site.powerRedundancy} onChange={(e) => s.updateSite({ powerRedundancy: e.target.value as Site['powerRedundancy'] })}>
            <option value="N">N (no redundancy)</option>
            <option value="N+1">N+1</option>
            <option value="2N">2N (A and B)</option>
            <option value="DR">Distributed redundant</option>
            <option value="catcher">Isolated redundant (catcher)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="ashrae">ASHRAE air class</label>
          <select id="ashrae" value={site.ashraeClass} onChange={(e) => s.updateSite({ ashraeClass: e.target.value as AshraeClass })}>
            {['A1', 'A2', 'A3', 'A4', 'H1'].map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </div>
      </fieldset>
      {doc.halls.map((h) => (
        <fieldset key={h.id}>
          <legend>{h.name}</legend>
          <NumberField label="Clear height" quantity="length" value={h.clearHeightM} min={1} max={100} onCommit={(v) => s.updateHall(h.id, { clearHeightM: v })} />
          <NumberField label="Floor rating" quantity="floorLoad" value={h.floorRatingKgM2} min={10} max={100000} onCommit={(v) => s.updateHall(h.id, { floorRatingKgM2: v })} />
        </fieldset>
      ))}
      <LoopsPanel />
      <fieldset>
        <legend>Checks</legend>
        <NumberField label="Clearance in front of racks" quantity="length" value={doc.settings.clearanceFrontM} min={0} max={20} onCommit={(v) => s.updateSettings({ clearanceFrontM: v })} />
        <NumberField label="Clearance behind racks" quantity="length" value={doc.settings.clearanceRearM} min={0} max={20} onCommit={(v) => s.updateSettings({ clearanceRearM: v })} />
      </fieldset>
    </div>
  );
}

export function Inspector() {
  const doc = useEditor((s) => s.committed);
  const selection = useEditor((s) => s.selection);
  const units = useEditor((s) => s.units);
  const one = selection.length === 1 ? doc.equipment.find((e) => e.id === selection[0]) : undefined;
  let title = 'Site and building';
  if (one) title = `Inspector: ${one.name}`;
  else if (selection.length > 1) title = `${selection.length} selected`;
  const selected = selection.length > 1 ? doc.equipment.filter((e) => selection.includes(e.id)) : [];
  const itKw = selected.reduce((a, e) => a + (getKind(e.kind)?.electricalKw(e.props) ?? 0), 0);
  return (
    <section className="panel inspector" aria-labelledby="insp-h">
      <h2 id="insp-h">{title}</h2>
      {one && <EquipmentInspector key={one.id} e={one} doc={doc} />}
      {selection.length > 1 && (
        <div className="inspector-body">
          <p>
            {selection.length} items · {formatQty('power', itKw, units)} drawn
          </p>
          <div className="btn-row">
            <button onClick={() => store.getState().rotateSelection(90)} aria-label="Rotate selection 90° counter-clockwise">
              ⟲ 90°
            </button>
            <button onClick={() => store.getState().duplicateSelection()}>Duplicate</button>
            <button onClick={() => store.getState().deleteSelection()} className="danger">
              Delete
            </button>
            <button onClick={() => autoConnect(selection)}>Auto-connect A/B</button>
            <button onClick={() => buswaysOverRow(selection)}>Busways A/B along row</button>
          </div>
          <TapIntoLoop ids={selection} />
        </div>
      )}
      {selection.length === 0 && <SiteInspector doc={doc} />}
    </section>
  );
}
