/**
 * Deterministic liquid-cooled layouts for tests and benchmarks: rows of GB200 NVL72 racks, each row with
 * its CDUs at the west end and one TCS loop (overhead supply and return mains along the row, a tap at
 * every rack). The defaults mirror the liquid engine's own performance case (test/unit/liquid-loop.test.ts):
 * 50 rows × (2 CDUs of 2 MW, 2,600 L/min at 150 kPa, on differential-pressure control) × 40 racks with
 * flow-control valves and 60–100 kW to liquid; 8" schedule 40 mains, 2" branches.
 */
import { resolveModel } from '../../src/catalog/registry';
import { emptyHallDoc, type Equipment, type LayoutDoc, type PipeLoop, type Props } from '../../src/model/document';

export interface LiquidDocOptions {
  rows?: number;
  racksPerRow?: number;
  cdusPerRow?: number;
}

export function makeLiquidDoc(opts: LiquidDocOptions = {}): LayoutDoc {
  const rows = opts.rows ?? 50;
  const perRow = opts.racksPerRow ?? 40;
  const nCdu = opts.cdusPerRow ?? 2;
  const rack = resolveModel('rack', 'gb200-nvl72')!.props as Props;
  const cdu = resolveModel('cdu', 'in-row-1000')!.props as Props;
  const x0 = 3;
  const pitchY = 1.2 + 2.4; // rack depth + aisle
  const rowLen = nCdu * cdu.widthM + perRow * rack.widthM;
  const doc = emptyHallDoc(2 * x0 + rowLen, 6 + rows * pitchY, 7, `${rows * perRow} liquid racks`);
  doc.halls[0].floorRatingKgM2 = 2500;
  const equipment: Equipment[] = [];
  const loops: PipeLoop[] = [];
  const r3 = (v: number) => Math.round(v * 1000) / 1000;
  for (let r = 0; r < rows; r++) {
    const y = 3 + 0.6 + r * pitchY;
    const rearY = r3(y + 0.5); // rotation 0: rear faces north; mains 0.1 m inside the rear faces
    let x = x0;
    const cduIds: string[] = [];
    for (let c = 0; c < nCdu; c++) {
      const id = `cdu-${r}-${c}`;
      equipment.push({
        id,
        kind: 'cdu',
        model: 'in-row-1000',
        name: id,
        hallId: 'hall-1',
        position: [r3(x + cdu.widthM / 2), r3(y), 0],
        rotationDeg: 0,
        props: { ...cdu, capacityKw: 2000, maxFlowLpm: 2600, pumpHeadKpa: 150 },
      });
      cduIds.push(id);
      x += cdu.widthM;
    }
    const xStart = r3(x0 + cdu.widthM / 2);
    const taps: PipeLoop['taps'] = [];
    for (let i = 0; i < perRow; i++) {
      const id = `rack-${r}-${i}`;
      const cx = r3(x + rack.widthM / 2);
      equipment.push({
        id,
        kind: 'rack',
        model: 'gb200-nvl72',
        name: id,
        hallId: 'hall-1',
        position: [cx, r3(y), 0],
        rotationDeg: 0,
        props: { ...rack, itPowerKw: (60 + (i % 5) * 10) / rack.liquidFraction },
      });
      taps.push({ rackId: id, supplyAtM: r3(0.8 + cx - xStart), returnAtM: r3(1.2 + cx - xStart) });
      x += rack.widthM;
    }
    const xEnd = r3(x - rack.widthM / 2);
    const main = (z: number) => ({ path: [[xStart, rearY, 2.3], [xStart, rearY, z], [xEnd, rearY, z]] as [number, number, number][], diameterM: 0.2027, roughnessM: 4.5e-5, fittings: [] });
    loops.push({
      id: `tcs-${r}`,
      name: `TCS row ${r}`,
      fluid: 'water',
      cduIds,
      supply: main(3.1),
      return: main(3.5),
      taps,
      branchDiameterM: 0.0525,
      designDeltaTK: 10,
      expansion: { atM: 0, pressureKpa: 150 },
      pumpControl: 'dp',
      rackValves: 'flow-control',
    });
  }
  doc.equipment = equipment;
  doc.pipeLoops = loops;
  return doc;
}
