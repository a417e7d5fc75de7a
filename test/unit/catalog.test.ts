import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getKind, KINDS, resolveModel } from '../../src/catalog/registry';
import type { AnyKindDef, CatalogModel, LookPart } from '../../src/catalog/types';
import { AIR_CP_KJKGK, AIR_DENSITY_KGM3, airDeltaTK, airflowForDeltaTM3s, fitLook, part } from '../../src/catalog/kinds/common';
import { minerAirDeltaTK, minerShelfAirflowM3s, type MinerShelfProps } from '../../src/catalog/kinds/miner-shelf';
import { containerAirDeltaTK, type MiningContainerProps } from '../../src/catalog/kinds/mining-container';
import { cduPumpKw, hydraulicPowerKw, runningPumps, waterFlowLpm, type CduProps } from '../../src/catalog/kinds/cdu';
import { coolerAirDeltaTK, type CoolerProps } from '../../src/catalog/kinds/cooler';
import { evapOutletTempC, padFaceVelocityMs, type EvapWallProps } from '../../src/catalog/kinds/evap-wall';
import { fanSpecificPowerKwPerM3s, type ExhaustFanProps } from '../../src/catalog/kinds/exhaust-fan';
import {
  transformerEfficiency,
  transformerFaultKa,
  transformerLossKw,
  transformerSecondaryA,
  type TransformerProps,
} from '../../src/catalog/kinds/transformer';
import { switchgearRatedKva, type SwitchgearProps } from '../../src/catalog/kinds/switchgear';
import { upsBatteryKwh, upsLossKw, upsUsableKw, type UpsProps } from '../../src/catalog/kinds/ups';
import { branchUsableKw, pduLossKw, type PduProps } from '../../src/catalog/kinds/pdu';
import { buswayLossKw, buswayUsableKw, type BuswayProps } from '../../src/catalog/kinds/busway';
import { dryCoolerLeavingFluidC, type DryCoolerProps } from '../../src/catalog/kinds/dry-cooler';
import { chillerInputKw, chillerRejectKw, type ChillerProps } from '../../src/catalog/kinds/chiller';
import type { RackProps } from '../../src/catalog/kinds/rack';

const TOL = 0.01; // 1 cm

const allModels: [AnyKindDef, CatalogModel][] = KINDS.flatMap((k) => k.models.map((m: CatalogModel) => [k, m] as [AnyKindDef, CatalogModel]));
const modelsOf = <P,>(kind: string) => getKind(kind)!.models.map((m: CatalogModel) => m.props as unknown as P);
const model = <P,>(kind: string, id: string) => resolveModel(kind, id)!.props as unknown as P;

describe('catalog table', () => {
  it('has unique kind ids, in the documented group order', () => {
    const ids = KINDS.map((k) => k.kind);
    expect(new Set(ids).size).toBe(ids.length);
    const order = ['legacy', 'it', 'liquid', 'air', 'electrical', 'heat-rejection', 'structure'];
    const ranks = KINDS.map((k) => order.indexOf(k.category));
    expect(ranks.every((r) => r >= 0)).toBe(true);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(ids).toEqual(
      expect.arrayContaining([
        'miner-shelf', 'mining-container', 'evap-wall', 'exhaust-fan', 'rack', 'cdu', 'cooler', 'transformer', 'switchgear',
        'ups', 'pdu', 'busway', 'generator', 'dry-cooler', 'chiller', 'containment',
      ]),
    );
    // 16 kinds today; later issues may add more (pipes, say) without touching these
    expect(ids.length).toBeGreaterThanOrEqual(16);
  });

  it.each(KINDS.map((k) => [k.kind, k] as const))('%s: model ids unique and props parse with the schema', (_, k) => {
    const ids = k.models.map((m: CatalogModel) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(k.models.length).toBeGreaterThan(0);
    for (const m of k.models as CatalogModel[]) {
      const r = k.propsSchema.safeParse(m.props);
      expect(r.success, `${k.kind}/${m.id}: ${r.success ? '' : r.error.message}`).toBe(true);
      // complete: every schema key has a default, and nothing outside the schema sneaks in
      expect(Object.keys(m.props).sort()).toEqual(Object.keys(k.propsSchema.shape).sort());
      expect(m.description.length).toBeGreaterThan(10);
      expect(m.description).toMatch(/\[(V|S|U)\]/);
    }
  });

  it.each(KINDS.map((k) => [k.kind, k] as const))('%s: every field names a schema key, once, and every number prop has a field', (_, k) => {
    const keys = Object.keys(k.propsSchema.shape);
    const fieldKeys = k.fields.map((f) => f.key);
    expect(new Set(fieldKeys).size).toBe(fieldKeys.length);
    for (const f of k.fields) expect(keys, `${k.kind}.${f.key}`).toContain(f.key);
    for (const key of keys) expect(fieldKeys, `${k.kind} has no field for ${key}`).toContain(key);
    // field bounds agree with the schema bounds: the schema accepts min and max and refuses beyond them
    for (const f of k.fields) {
      const sample = { ...(k.models[0].props as Record<string, number>) };
      if (f.min !== undefined) {
        expect(k.propsSchema.safeParse({ ...sample, [f.key]: f.min }).success, `${k.kind}.${f.key} min`).toBe(true);
        expect(k.propsSchema.safeParse({ ...sample, [f.key]: f.min - 1 }).success, `${k.kind}.${f.key} below min`).toBe(false);
      }
      if (f.max !== undefined) {
        expect(k.propsSchema.safeParse({ ...sample, [f.key]: f.max }).success, `${k.kind}.${f.key} max`).toBe(true);
        expect(k.propsSchema.safeParse({ ...sample, [f.key]: f.max + 1 }).success, `${k.kind}.${f.key} above max`).toBe(false);
      }
    }
  });

  it('schemas refuse NaN, Infinity and negative sizes', () => {
    for (const [k, m] of allModels) {
      expect(k.propsSchema.safeParse({ ...m.props, widthM: Number.NaN }).success).toBe(false);
      expect(k.propsSchema.safeParse({ ...m.props, heightM: Number.POSITIVE_INFINITY }).success).toBe(false);
      expect(k.propsSchema.safeParse({ ...m.props, depthM: -1 }).success).toBe(false);
    }
  });
});

describe('looks', () => {
  const inside = (p: LookPart, w: number, d: number, h: number) =>
    Math.abs(p.offset[0]) + p.size[0] / 2 <= w / 2 + TOL &&
    Math.abs(p.offset[1]) + p.size[1] / 2 <= d / 2 + TOL &&
    p.offset[2] - p.size[2] / 2 >= -TOL &&
    p.offset[2] + p.size[2] / 2 <= h + TOL;

  it.each(allModels.map(([k, m]) => [`${k.kind}/${m.id}`, k, m] as const))('%s: 2–6 parts, all inside the footprint box', (_, k, m) => {
    const parts: LookPart[] = k.look(m.props);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(parts.length).toBeLessThanOrEqual(6);
    const names = parts.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of parts) {
      // at catalog sizes nothing is clipped away: every part keeps a real size in all three directions
      expect(p.size.every((s) => s >= 0.009), `${k.kind}/${m.id}/${p.name} has a positive size`).toBe(true);
      expect(inside(p, m.props.widthM, m.props.depthM, m.props.heightM), `${k.kind}/${m.id}/${p.name} inside`).toBe(true);
      expect(p.color).toMatch(/^#[0-9a-f]{6}$/i);
    }
  });

  it('kinds with service clearance have exactly one front part (at −y) and one rear part (at +y)', () => {
    const withClearance = KINDS.filter((k) => k.serviceClearance);
    expect(withClearance.map((k) => k.kind)).toEqual(expect.arrayContaining(['cdu', 'miner-shelf', 'rack']));
    // facility gear that is serviced differently (wall-hung, yard, overhead) does not take rack clearances
    for (const kind of ['evap-wall', 'exhaust-fan', 'transformer', 'busway', 'containment', 'chiller', 'dry-cooler']) expect(getKind(kind)!.serviceClearance).toBe(false);
    for (const k of withClearance) {
      for (const m of k.models as CatalogModel[]) {
        const parts: LookPart[] = k.look(m.props);
        const fronts = parts.filter((p) => p.role === 'front');
        const rears = parts.filter((p) => p.role === 'rear');
        expect(fronts.length, `${k.kind}/${m.id}`).toBe(1);
        expect(rears.length, `${k.kind}/${m.id}`).toBe(1);
        // the front face sits on the −y edge, the rear on the +y edge (within 1 cm)
        expect(fronts[0].offset[1] - fronts[0].size[1] / 2).toBeCloseTo(-m.props.depthM / 2, 2);
        expect(rears[0].offset[1] + rears[0].size[1] / 2).toBeCloseTo(m.props.depthM / 2, 2);
      }
    }
  });

  it('air-moving kinds mark where the air enters and leaves', () => {
    for (const kind of ['miner-shelf', 'mining-container', 'evap-wall', 'exhaust-fan', 'cooler', 'dry-cooler', 'chiller']) {
      const k = getKind(kind)!;
      for (const m of k.models as CatalogModel[]) {
        const roles = k.look(m.props).map((p: LookPart) => p.role);
        expect(roles.filter((r) => r === 'front').length, `${kind}/${m.id}`).toBe(1);
        expect(roles.filter((r) => r === 'rear').length, `${kind}/${m.id}`).toBe(1);
      }
    }
  });

  it('containment is see-through: roof and end doors are glass at ~25 % opacity; it needs no clearance', () => {
    const k = getKind('containment')!;
    expect(k.serviceClearance).toBe(false);
    for (const m of k.models as CatalogModel[]) {
      const glass = k.look(m.props).filter((p: LookPart) => p.role === 'glass');
      expect(glass.map((p: LookPart) => p.name).sort()).toEqual(['door-east', 'door-west', 'roof']);
      for (const g of glass) expect(g.opacity).toBeCloseTo(0.25, 5);
      // the roof covers the whole aisle
      const roof = glass.find((p: LookPart) => p.name === 'roof')!;
      expect(roof.size[0]).toBeCloseTo(m.props.widthM, 6);
      expect(roof.size[1]).toBeCloseTo(m.props.depthM, 6);
    }
  });

  it('fitLook clips a part to the footprint box and never yields a negative size', () => {
    const box = { widthM: 1, depthM: 0.5, heightM: 2 };
    // 0.2 m over the east side and 0.1 m under the floor
    const [a] = fitLook([part('a', [0.3, 0.7], [-0.1, 0.1], [-0.1, 1], '#000000')], box);
    expect(a.offset[0]).toBeCloseTo(0.4, 12);
    expect(a.size[0]).toBeCloseTo(0.2, 12);
    expect(a.offset[2]).toBeCloseTo(0.5, 12);
    expect(a.size[2]).toBeCloseTo(1, 12);
    expect(a.size[1]).toBeCloseTo(0.2, 12);
    // an inset frame on a box thinner than the insets collapses to zero, inside the box
    const [b] = fitLook([part('b', [-0.5 + 0.05, 0.5 - 0.05], [-0.25, 0.25], [0.08, 0.02 - 0.06], '#000000')], { ...box, heightM: 0.02 });
    expect(b.size[2]).toBeGreaterThanOrEqual(0);
    expect(b.offset[2] - b.size[2] / 2).toBeGreaterThanOrEqual(0);
    expect(b.offset[2] + b.size[2] / 2).toBeLessThanOrEqual(0.02);
  });

  it('every kind draws any size a user can enter: parts finite, non-negative and inside the box', () => {
    for (const k of KINDS) {
      const p0 = k.models[0].props as Record<string, number>;
      fc.assert(
        fc.property(
          fc.double({ min: 0.05, max: 100, noNaN: true }),
          fc.double({ min: 0.05, max: 100, noNaN: true }),
          fc.double({ min: 0.01, max: 30, noNaN: true }),
          (widthM, depthM, heightM) => {
            const parts: LookPart[] = k.look({ ...p0, widthM, depthM, heightM });
            for (const q of parts) {
              if (![...q.offset, ...q.size].every(Number.isFinite)) return false;
              if (q.size.some((s) => s < 0)) return false;
              if (Math.abs(q.offset[0]) + q.size[0] / 2 > widthM / 2 + 1e-9) return false;
              if (Math.abs(q.offset[1]) + q.size[1] / 2 > depthM / 2 + 1e-9) return false;
              if (q.offset[2] - q.size[2] / 2 < -1e-9 || q.offset[2] + q.size[2] / 2 > heightM + 1e-9) return false;
            }
            return true;
          },
        ),
        { numRuns: 100, seed: 20261125 },
      );
    }
  });

  it('looks follow the props (a longer busway is drawn longer)', () => {
    const b = model<BuswayProps>('busway', 'track-800a');
    const long = getKind('busway')!.look({ ...b, widthM: 18 });
    expect(long[0].size[0]).toBeCloseTo(18, 6);
  });
});

describe('heat and power balance', () => {
  it('for every model, heat to air + heat to liquid = electrical power (energy is conserved)', () => {
    for (const [k, m] of allModels) {
      const e = k.electricalKw(m.props);
      const air = k.heatToAirKw(m.props);
      const liq = k.heatToLiquidKw(m.props);
      expect(air, `${k.kind}/${m.id}`).toBeGreaterThanOrEqual(0);
      expect(liq, `${k.kind}/${m.id}`).toBeGreaterThanOrEqual(0);
      expect(air + liq, `${k.kind}/${m.id}`).toBeCloseTo(e, 9);
      expect(Number.isFinite(e)).toBe(true);
      expect(typeof k.summary(m.props)).toBe('string');
      expect(k.summary(m.props)).not.toMatch(/NaN|undefined|Infinity/);
    }
  });

  it('racks release their IT power: GB200 NVL72 132 kW → 112.2 kW liquid + 19.8 kW air', () => {
    const k = getKind('rack')!;
    const p = model<RackProps>('rack', 'gb200-nvl72');
    expect(k.electricalKw(p)).toBe(132);
    expect(k.heatToLiquidKw(p)).toBeCloseTo(112.2, 9);
    expect(k.heatToAirKw(p)).toBeCloseTo(19.8, 9);
  });

  it('miner shelf releases minerCount × minerPowerKw: S19 Pro shelf 30 × 3.25 = 97.5 kW, all to air', () => {
    const k = getKind('miner-shelf')!;
    const p = model<MinerShelfProps>('miner-shelf', 's19pro-shelf');
    expect(k.electricalKw(p)).toBeCloseTo(97.5, 9);
    expect(k.heatToAirKw(p)).toBeCloseTo(97.5, 9);
    expect(k.heatToLiquidKw(p)).toBe(0);
    expect(minerShelfAirflowM3s(p)).toBeCloseTo(5.7, 9);
    const hydro = model<MinerShelfProps>('miner-shelf', 's21plus-hydro-shelf');
    expect(k.electricalKw(hydro)).toBeCloseTo(96, 9); // 20 × 4.8
    expect(k.heatToLiquidKw(hydro)).toBeCloseTo(91.2, 9); // 95 %
    expect(k.heatToAirKw(hydro)).toBeCloseTo(4.8, 9);
  });

  it('miner air ΔT: 3.25 kW / (1.2 · 1.006 · 0.19) = 14.17 K; S21 3.5 kW → 15.27 K', () => {
    expect(AIR_DENSITY_KGM3 * AIR_CP_KJKGK).toBeCloseTo(1.2072, 9);
    const s19 = model<MinerShelfProps>('miner-shelf', 's19pro-shelf');
    expect(minerAirDeltaTK(s19)).toBeCloseTo(14.17, 1);
    expect(Math.abs(minerAirDeltaTK(s19) - 3.25 / (1.2 * 1.006 * 0.19))).toBeLessThan(1e-12);
    expect(minerAirDeltaTK(model<MinerShelfProps>('miner-shelf', 's21-shelf'))).toBeCloseTo(15.26, 1);
    // the shelf as a whole has the same ΔT: 30× the heat through 30× the air
    expect(airDeltaTK(97.5, 5.7)).toBeCloseTo(minerAirDeltaTK(s19), 9);
    // fanless hydro miner releasing 5 % to air has no airflow to carry it
    expect(minerAirDeltaTK(model<MinerShelfProps>('miner-shelf', 's21plus-hydro-shelf'))).toBe(Infinity);
    // the domain figure: ~0.19 m³/s per miner → ΔT ≈ 14–15 K for 3.25–3.5 kW
    expect(airflowForDeltaTM3s(3.25, 14.17)).toBeCloseTo(0.19, 3);
  });

  it('mining containers: 1–1.9 MW; air container ΔT ≈ 15 K; hydro ~1.9 MW mostly to liquid', () => {
    const k = getKind('mining-container')!;
    for (const p of modelsOf<MiningContainerProps>('mining-container')) {
      expect(k.electricalKw(p)).toBeGreaterThanOrEqual(1000);
      expect(k.electricalKw(p)).toBeLessThanOrEqual(1950);
    }
    const air = model<MiningContainerProps>('mining-container', 'air-40ft');
    expect(k.electricalKw(air)).toBeCloseTo(320 * 3.5 + 6, 9);
    // (1120 + 6) / (1.2072 · 60.8) = 15.34 K
    expect(containerAirDeltaTK(air)).toBeCloseTo(15.34, 2);
    const hydro = model<MiningContainerProps>('mining-container', 'hydro-40ft');
    expect(k.heatToLiquidKw(hydro)).toBeCloseTo(396 * 4.8 * 0.95, 9);
    expect(k.electricalKw(hydro)).toBeCloseTo(1930.8, 9);
  });
});

describe('liquid: CDU figures agree with the water heat balance and pump hydraulics', () => {
  it('water flow: 14.35 L/min per kW per K (1.435 L/min/kW at 10 K)', () => {
    expect(waterFlowLpm(100, 10)).toBeCloseTo(143.54, 1);
    expect(waterFlowLpm(1000, 10) / 1000).toBeCloseTo(1.435, 3);
  });

  it.each(getKind('cdu')!.models.map((m: CatalogModel) => [m.id, m.props as unknown as CduProps] as const))('%s', (_, p) => {
    // OCP guidance 1.0–1.5 L/min per kW: ΔT at full capacity and max flow 8–12 K
    const lpmPerKw = p.maxFlowLpm / p.capacityKw;
    expect(lpmPerKw).toBeGreaterThanOrEqual(1.0);
    expect(lpmPerKw).toBeLessThanOrEqual(1.5 + 1e-9);
    const dT = (14.354 * p.capacityKw) / p.maxFlowLpm;
    expect(dT).toBeGreaterThanOrEqual(8);
    expect(dT).toBeLessThanOrEqual(12.5);
    // approach 3–5 K, loop ΔP 0.5–3 bar class
    expect(p.approachK).toBeGreaterThanOrEqual(3);
    expect(p.approachK).toBeLessThanOrEqual(5);
    expect(p.pumpHeadKpa).toBeGreaterThanOrEqual(50);
    expect(p.pumpHeadKpa).toBeLessThanOrEqual(400);
    // N+1 pumps
    expect(p.redundantPumps).toBeGreaterThanOrEqual(1);
    // wire-to-water efficiency 0.5–0.8: running pump power = hydraulic power / η
    const eta = hydraulicPowerKw(p.maxFlowLpm, p.pumpHeadKpa) / cduPumpKw(p);
    expect(eta).toBeGreaterThan(0.5);
    expect(eta).toBeLessThan(0.8);
    expect(getKind('cdu')!.electricalKw(p)).toBeCloseTo(runningPumps(p) * p.pumpPowerKw, 9);
  });

  it('in-row 1 MW: 1,500 L/min at 300 kPa = 7.5 kW hydraulic; one 11.5 kW pump running (η 0.652)', () => {
    const p = model<CduProps>('cdu', 'in-row-1000');
    expect(hydraulicPowerKw(p.maxFlowLpm, p.pumpHeadKpa)).toBeCloseTo(7.5, 9);
    expect(cduPumpKw(p)).toBeCloseTo(11.5, 9);
    expect(7.5 / 11.5).toBeCloseTo(0.652, 3);
    expect(model<CduProps>('cdu', 'facility-2500').capacityKw).toBe(2500);
  });
});

describe('air coolers', () => {
  it.each(getKind('cooler')!.models.map((m: CatalogModel) => [m.id, m.props as unknown as CoolerProps] as const))('%s: coil ΔT 10–16 K, fan power ≤ 0.7 kW per m³/s', (_, p) => {
    const dT = coolerAirDeltaTK(p);
    expect(dT).toBeGreaterThanOrEqual(10);
    expect(dT).toBeLessThanOrEqual(16);
    expect(p.fanPowerKw / p.airflowM3s).toBeLessThanOrEqual(0.7);
  });

  it('CRAH 150 kW at 10.5 m³/s → 11.83 K; rear doors: passive ≤ 35 kW without fans, active 40–75 kW with 0.5–2 kW fans', () => {
    expect(coolerAirDeltaTK(model<CoolerProps>('cooler', 'crah-150'))).toBeCloseTo(150 / (1.2072 * 10.5), 9);
    expect(coolerAirDeltaTK(model<CoolerProps>('cooler', 'crah-150'))).toBeCloseTo(11.83, 2);
    const passive = model<CoolerProps>('cooler', 'rdhx-passive-35');
    expect(passive.capacityKw).toBeLessThanOrEqual(35);
    expect(passive.fanPowerKw).toBe(0);
    const active = model<CoolerProps>('cooler', 'rdhx-active-60');
    expect(active.capacityKw).toBeGreaterThanOrEqual(40);
    expect(active.capacityKw).toBeLessThanOrEqual(75);
    expect(active.fanPowerKw).toBeGreaterThanOrEqual(0.5);
    expect(active.fanPowerKw).toBeLessThanOrEqual(2);
  });
});

describe('legacy air path', () => {
  it('evaporative pads: 38 °C db / 24 °C wb at ε 0.85 → 26.1 °C; ε 0.7–0.9; face velocity ≤ 2.5 m/s', () => {
    expect(evapOutletTempC(38, 24, 0.85)).toBeCloseTo(26.1, 9);
    expect(evapOutletTempC(30, 30, 0.85)).toBe(30); // saturated air is not cooled
    expect(evapOutletTempC(30, 35, 0.85)).toBe(30); // impossible wb clamped, never heats
    for (const p of modelsOf<EvapWallProps>('evap-wall')) {
      expect(p.effectiveness).toBeGreaterThanOrEqual(0.7);
      expect(p.effectiveness).toBeLessThanOrEqual(0.9);
      expect(padFaceVelocityMs(p)).toBeCloseTo(2.0, 9); // 36 m³/s / (6 m × 3 m)
    }
    // the domain check: ≤ 31 °C after pads at this design day
    expect(evapOutletTempC(38, 24, model<EvapWallProps>('evap-wall', 'pad-6m-100mm').effectiveness)).toBeLessThanOrEqual(31);
  });

  it('54" exhaust fan: ~10 m³/s at 1.1 kW (0.11 kW per m³/s); mounted 0.5 m up', () => {
    const p = model<ExhaustFanProps>('exhaust-fan', 'box-fan-54in');
    expect(p.airflowM3s).toBe(10);
    expect(fanSpecificPowerKwPerM3s(p)).toBeCloseTo(0.11, 9);
    expect(getKind('exhaust-fan')!.defaultElevationM!(p)).toBe(0.5);
    expect(getKind('exhaust-fan')!.placement).toBe('wall');
    expect(getKind('evap-wall')!.placement).toBe('wall');
  });
});

describe('electrical', () => {
  it('transformer 2,500 kVA 480 V: 3,007 A secondary, 52.3 kA bolted fault, 99.54 % at half load', () => {
    const p = model<TransformerProps>('transformer', 'mv-480-2500');
    expect(transformerSecondaryA(p)).toBeCloseTo(2_500_000 / (Math.sqrt(3) * 480), 6);
    expect(transformerSecondaryA(p)).toBeCloseTo(3007.0, 0);
    expect(transformerFaultKa(p)).toBeCloseTo(52.3, 1);
    expect(transformerLossKw(p, 1250)).toBeCloseTo(2 + 15 * 0.25, 9);
    expect(transformerEfficiency(p, 1250)).toBeCloseTo(1250 / 1255.75, 9);
    // each model meets at least the DOE 2016 liquid-immersed level for 2,500 kVA (99.53 %) at 50 % load
    for (const t of modelsOf<TransformerProps>('transformer')) expect(transformerEfficiency(t, t.kva / 2)).toBeGreaterThanOrEqual(0.9953);
    // switchgear for it: 5 MVA at 480 V needs ≥ 6,014 A
    expect(transformerSecondaryA(model<TransformerProps>('transformer', 'mv-480-5000'))).toBeCloseTo(6014, 0);
    expect(switchgearRatedKva(model<SwitchgearProps>('switchgear', 'lv-480-6000'))).toBeGreaterThanOrEqual(4988);
    expect(switchgearRatedKva(model<SwitchgearProps>('switchgear', 'lv-480-4000'))).toBeCloseTo(3325.5, 1);
  });

  it('UPS 5 × 250 kW N+1: 1,000 kW usable, 30.9 kW loss at 97 %, 83.3 kWh for 5 min', () => {
    const p = model<UpsProps>('ups', 'modular-1250');
    expect(upsUsableKw(p)).toBe(1000);
    expect(upsLossKw(p, 1000)).toBeCloseTo(30.93, 2);
    expect(upsBatteryKwh(p)).toBeCloseTo(83.33, 2);
    expect(getKind('ups')!.electricalKw(p)).toBeCloseTo(30.93, 2);
    expect(upsUsableKw(model<UpsProps>('ups', 'modular-4000'))).toBe(3750);
  });

  it('PDU/RPP branch and busway capacities follow P = 0.8·√3·V·I (domain.md §6)', () => {
    expect(branchUsableKw({ voltageV: 480, branchBreakerA: 60 })).toBeCloseTo(39.9, 1);
    expect(branchUsableKw({ voltageV: 415, branchBreakerA: 60 })).toBeCloseTo(34.5, 1);
    expect(branchUsableKw({ voltageV: 208, branchBreakerA: 30 })).toBeCloseTo(8.65, 2);
    expect(pduLossKw(model<PduProps>('pdu', 'pdu-300'))).toBeCloseTo(300 * (1 / 0.98 - 1), 9);
    const b = model<BuswayProps>('busway', 'plugin-1600a');
    expect(buswayUsableKw(b)).toBeCloseTo(1064.17, 2);
    expect(buswayLossKw(b)).toBeCloseTo(0.72, 9); // 120 W/m × 6 m
    expect(buswayUsableKw(model<BuswayProps>('busway', 'track-800a'))).toBeCloseTo(532.1, 1);
    // busways hang overhead at 2.7 m by default; their length is widthM
    const k = getKind('busway')!;
    expect(k.placement).toBe('overhead');
    expect(k.defaultElevationM!(b)).toBe(2.7);
    expect(k.fields[0]).toMatchObject({ key: 'widthM', label: 'Length' });
  });
});

describe('heat rejection', () => {
  it('dry cooler: 38 °C → 46 °C leaving fluid plain; adiabatic at 38/24 °C, ε 0.8 → 34.8 °C', () => {
    const plain = model<DryCoolerProps>('dry-cooler', 'v-1000');
    expect(dryCoolerLeavingFluidC(plain, 38, 24)).toBeCloseTo(46, 9);
    const adiabatic = model<DryCoolerProps>('dry-cooler', 'adiabatic-1000');
    expect(dryCoolerLeavingFluidC(adiabatic, 38, 24)).toBeCloseTo(38 - 0.8 * 14 + 8, 9);
    for (const p of modelsOf<DryCoolerProps>('dry-cooler')) expect(p.fanPowerKw / p.capacityKw).toBeLessThan(0.05);
  });

  it('chiller 1,200 kW at COP 4.2: 285.7 kW input, 1,485.7 kW rejected (first law)', () => {
    const p = model<ChillerProps>('chiller', 'air-cooled-1200');
    expect(chillerInputKw(p)).toBeCloseTo(285.71, 2);
    expect(chillerRejectKw(p)).toBeCloseTo(1485.71, 2);
    expect(getKind('chiller')!.heatToAirKw(p)).toBeCloseTo(285.71, 2);
  });

  it('outdoor kinds are the yard equipment', () => {
    for (const kind of ['chiller', 'dry-cooler', 'generator', 'mining-container', 'transformer']) expect(getKind(kind)!.placement).toBe('outdoor');
    for (const kind of ['rack', 'miner-shelf', 'cdu', 'cooler', 'ups', 'pdu', 'switchgear', 'containment']) expect(getKind(kind)!.placement).toBe('floor');
  });
});
