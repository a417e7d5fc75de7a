import { z } from 'zod';
import type { BaseProps, KindDef, LookPart } from '../types';
import { airDeltaTK, base, baseFields, COLORS, fmtCountKw, fmtKw, num, part, fitLook } from './common';

/**
 * Legacy ASIC miner shelving: an open steel shelf holding a grid of miners. Miners pull air through
 * their own fans from the front (intake) and blow it out of the rear (exhaust); hydro miners carry
 * almost all of their heat away in water.
 */
export interface MinerShelfProps extends BaseProps {
  /** miners on the shelf */
  minerCount: number;
  /** shelf levels (the miners stand in levels × minerCount / levels columns) */
  levels: number;
  /** electrical power of one miner at its operating point, kW (all of it becomes heat) */
  minerPowerKw: number;
  /** airflow of one miner's fans, m³/s (0 for fanless hydro miners) */
  minerAirflowM3s: number;
  /** share of the heat carried away by water (hydro miners), 0..1 */
  liquidFraction: number;
  /** inlet temperature above which the miners throttle, °C */
  maxInletTempC: number;
}

const schema = base.extend({
  minerCount: z.number().int().min(0).max(200),
  levels: z.number().int().min(1).max(12),
  minerPowerKw: num(0.1, 10),
  minerAirflowM3s: num(0, 1),
  liquidFraction: num(0, 1),
  maxInletTempC: num(20, 60),
});

/** Total electrical power of the shelf, kW: minerCount × minerPowerKw. */
export function minerShelfPowerKw(p: MinerShelfProps): number {
  return p.minerCount * p.minerPowerKw;
}

/** Total airflow of the shelf's miners, m³/s. */
export function minerShelfAirflowM3s(p: MinerShelfProps): number {
  return p.minerCount * p.minerAirflowM3s;
}

/**
 * Air temperature rise across one miner (and so across the shelf), K:
 * ΔT = P·(1 − liquidFraction) / (ρ·c_p·V̇) with ρ = 1.2 kg/m³, c_p = 1.006 kJ/(kg·K).
 * S19 Pro: 3.25 kW / (1.2 · 1.006 · 0.19 m³/s) ≈ 14.2 K. Infinity for a fanless miner that still
 * releases heat to air.
 */
export function minerAirDeltaTK(p: Pick<MinerShelfProps, 'minerPowerKw' | 'minerAirflowM3s' | 'liquidFraction'>): number {
  return airDeltaTK(p.minerPowerKw * (1 - p.liquidFraction), p.minerAirflowM3s);
}

function rawLook(p: MinerShelfProps): LookPart[] {
  const w = p.widthM / 2;
  const d = p.depthM / 2;
  const h = p.heightM;
  const hydro = p.liquidFraction > 0.5;
  return [
    // the miners themselves, a dark block slightly inside the shelf frame
    part('miners', [-w + 0.03, w - 0.03], [-d + 0.03, d - 0.03], [0.08, h - 0.06], COLORS.darkSteel),
    // the open steel frame: posts and top shelf read as a lighter cap
    part('frame-top', [-w, w], [-d, d], [h - 0.04, h], COLORS.steel, 'detail'),
    part('front', [-w + 0.03, w - 0.03], [-d, -d + 0.03], [0.08, h - 0.06], hydro ? COLORS.water : COLORS.inlet, 'front'),
    part('rear', [-w + 0.03, w - 0.03], [d - 0.03, d], [0.08, h - 0.06], hydro ? COLORS.warmWater : COLORS.exhaust, 'rear'),
    part('feet', [-w, w], [-d, d], [0, 0.08], COLORS.steel, 'detail'),
  ];
}

const look = (p: MinerShelfProps): LookPart[] => fitLook(rawLook(p), p);

export const minerShelf: KindDef<MinerShelfProps> = {
  kind: 'miner-shelf',
  label: 'Miner shelf',
  category: 'legacy',
  placement: 'floor',
  propsSchema: schema,
  serviceClearance: true,
  models: [
    {
      id: 's19pro-shelf',
      name: 'S19 Pro shelf (30 miners)',
      description:
        'Steel shelf, 6 levels × 5 Antminer S19 Pro; 3.25 kW and ~0.19 m³/s each → ΔT ≈ 14 K [S]; 13.2 kg per miner [S]; shelf frame and size [U]',
      props: { widthM: 1.05, depthM: 0.6, heightM: 2.4, weightKg: 466, minerCount: 30, levels: 6, minerPowerKw: 3.25, minerAirflowM3s: 0.19, liquidFraction: 0, maxInletTempC: 40 },
    },
    {
      id: 's21-shelf',
      name: 'S21 shelf (30 miners)',
      description: 'Steel shelf, 6 levels × 5 Antminer S21; ~3.5 kW and ~0.19 m³/s each → ΔT ≈ 15 K [S]; ~15.4 kg per miner [S]; frame [U]',
      props: { widthM: 1.05, depthM: 0.6, heightM: 2.4, weightKg: 532, minerCount: 30, levels: 6, minerPowerKw: 3.5, minerAirflowM3s: 0.19, liquidFraction: 0, maxInletTempC: 40 },
    },
    {
      id: 's21plus-hydro-shelf',
      name: 'S21+ Hydro shelf (20 miners, water)',
      description:
        'Manifold rack, 5 levels × 4 S21+ Hydro at ~4.8 kW, water 10–45 °C [S]; ~95 % of the heat to water, the rest to room air [U]; no miner fans',
      props: { widthM: 1.2, depthM: 0.8, heightM: 2.2, weightKg: 520, minerCount: 20, levels: 5, minerPowerKw: 4.8, minerAirflowM3s: 0, liquidFraction: 0.95, maxInletTempC: 45 },
    },
  ],
  fields: [
    ...baseFields,
    { key: 'minerCount', label: 'Miners', quantity: 'count', min: 0, max: 200, step: 1, source: 'S' },
    { key: 'levels', label: 'Shelf levels', quantity: 'count', min: 1, max: 12, step: 1, source: 'U' },
    { key: 'minerPowerKw', label: 'Power per miner', quantity: 'power', min: 0.1, max: 10, step: 0.05, source: 'S', help: 'S19 Pro 3.25 kW, S21 ~3.5 kW, S21+ Hydro ~4.8 kW' },
    { key: 'minerAirflowM3s', label: 'Airflow per miner', quantity: 'airflow', min: 0, max: 1, step: 0.01, source: 'S', help: '~0.19 m³/s for an air-cooled S19/S21; 0 for hydro miners' },
    { key: 'liquidFraction', label: 'Liquid share of heat', quantity: 'fraction', min: 0, max: 1, step: 0.01, source: 'U' },
    { key: 'maxInletTempC', label: 'Throttle above inlet', quantity: 'temperature', min: 20, max: 60, step: 0.5, source: 'S', help: 'Miners throttle above ~40 °C and shut down near 47 °C' },
  ],
  look,
  electricalKw: minerShelfPowerKw,
  heatToAirKw: (p) => minerShelfPowerKw(p) * (1 - p.liquidFraction),
  heatToLiquidKw: (p) => minerShelfPowerKw(p) * p.liquidFraction,
  summary: (p) => {
    const dt = minerAirDeltaTK(p);
    const tail = p.liquidFraction > 0.5 ? `${Math.round(p.liquidFraction * 100)} % water` : Number.isFinite(dt) ? `ΔT ${dt.toFixed(1)} K` : 'no airflow';
    return `${fmtCountKw(p.minerCount, p.minerPowerKw)} = ${fmtKw(minerShelfPowerKw(p))} · ${tail}`;
  },
};
