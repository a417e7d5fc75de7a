/**
 * A large, deterministic 2N layout with its power design, for the electrical engine's benchmark and
 * tests: the racks of makeBigDoc (storage racks, 12 kW, two 480 V cords) in blocks of four 50-rack
 * rows. Per block and side (A, B): a 3 MVA transformer on the utility and a 2.5 MW generator
 * (standby) into a 4,000 A switchgear (100 %-rated main), a 4 MW modular UPS, one 1,600 A busway over
 * each row (a tap-off per rack), and a 225 kVA RPP feeding the block's two fan walls (dual-fed).
 * Sized so that every single failure is survived.
 */
import { resolveModel } from '../../src/catalog/registry';
import type { Connection, Equipment, LayoutDoc, Props } from '../../src/model/document';
import { makeBigDoc } from './bigdoc';

export const RACKS_PER_ROW = 50;
export const ROWS_PER_BLOCK = 4;

export function makePowerDoc(racks: number): LayoutDoc {
  const doc = makeBigDoc({ racks, racksPerRow: RACKS_PER_ROW, airEvery: 0 });
  const storage = resolveModel('rack', 'storage')!.props as Props;
  for (const e of doc.equipment) {
    e.model = 'storage';
    e.props = { ...storage, feedVoltageV: 480 };
  }
  const eq: Equipment[] = [];
  const conns: Connection[] = [];
  const add = (id: string, kind: string, model: string, x: number, y: number, over: Partial<Props> = {}, hallId: string | null = null) => {
    const m = resolveModel(kind, model)!;
    eq.push({ id, kind, model, name: id, hallId, position: [x, y, 0], rotationDeg: 0, props: { ...(m.props as Props), ...over } as Props });
    return id;
  };
  const feed = (from: string, to: string, side: string) => conns.push({ id: `p${conns.length + 1}`, kind: 'power', from, to, props: { side } });
  const rows = Math.ceil(racks / RACKS_PER_ROW);
  const blocks = Math.ceil(rows / ROWS_PER_BLOCK);
  for (let b = 0; b < blocks; b++) {
    const y = b * 40;
    for (const [k, s] of (['A', 'B'] as const).entries()) {
      const x = -100 - k * 60;
      const t = add(`T${b}${s}`, 'transformer', 'mv-480-3000', x, y);
      const g = add(`G${b}${s}`, 'generator', 'diesel-2500', x - 15, y);
      const sg = add(`SG${b}${s}`, 'switchgear', 'lv-480-4000', x - 30, y, { continuousPct: 100 });
      const ups = add(`UPS${b}${s}`, 'ups', 'modular-4000', x - 45, y);
      const rpp = add(`RPP${b}${s}`, 'pdu', 'rpp-225', x - 45, y + 10);
      feed(t, sg, s);
      feed(g, sg, s);
      feed(sg, ups, s);
      feed(sg, rpp, s);
      for (let r = b * ROWS_PER_BLOCK; r < Math.min(rows, (b + 1) * ROWS_PER_BLOCK); r++) {
        const bw = add(`BW${r}${s}`, 'busway', 'plugin-1600a', x - 45, y + 12 + r, { widthM: RACKS_PER_ROW * 0.6, tapOffCount: RACKS_PER_ROW });
        feed(ups, bw, s);
        for (let i = r * RACKS_PER_ROW; i < Math.min(racks, (r + 1) * RACKS_PER_ROW); i++) feed(bw, doc.equipment[i].id, s);
      }
    }
    for (let f = 0; f < 2; f++) {
      const fw = add(`FW${b}-${f}`, 'cooler', 'fan-wall-500', -20, y + 5 * f);
      feed(`RPP${b}A`, fw, 'A');
      feed(`RPP${b}B`, fw, 'B');
    }
  }
  doc.equipment.push(...eq);
  doc.connections = conns;
  doc.site.powerRedundancy = '2N';
  doc.site.utility.interconnectMw = Math.ceil((racks * 12 * 1.25) / 1000);
  return doc;
}
