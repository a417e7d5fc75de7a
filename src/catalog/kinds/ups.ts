import { z } from 'zod';
import type { BaseProps, KindDef, LookPart } from '../types';
import { base, baseFields, COLORS, fmtKw, num, part, fitLook } from './common';

/** A modular double-conversion UPS system with its battery cabinets (one lineup). */
export interface UpsProps extends BaseProps {
  /** power of one module, kW */
  moduleKw: number;
  /** modules installed */
  moduleCount: number;
  /** of which redundant (N+1 → 1) */
  redundantModules: number;
  /** double-conversion efficiency at design load, 0..1 */
  efficiency: number;
  /** battery autonomy at usable capacity, min */
  batteryMinutes: number;
  /** output line-to-line voltage, V */
  voltageV: number;
}

const schema = base.extend({
  moduleKw: num(1, 5_000),
  moduleCount: z.number().int().min(1).max(64),
  redundantModules: z.number().int().min(0).max(32),
  efficiency: num(0.5, 1),
  batteryMinutes: num(0, 240),
  voltageV: num(100, 40_000),
});

/** Capacity with the redundant modules held back, kW: (moduleCount − redundantModules) × moduleKw. */
export function upsUsableKw(p: UpsProps): number {
  return Math.max(0, p.moduleCount - p.redundantModules) * p.moduleKw;
}

/** Losses when delivering loadKw, kW: load · (1/η − 1). */
export function upsLossKw(p: UpsProps, loadKw: number): number {
  return loadKw * (1 / p.efficiency - 1);
}

/** Stored battery energy needed for the autonomy at usable capacity, kWh (before ageing/derating). */
export function upsBatteryKwh(p: UpsProps): number {
  return (upsUsableKw(p) * p.batteryMinutes) / 60;
}

function rawLook(p: UpsProps): LookPart[] {
  const w = p.widthM / 2;
  const d = p.depthM / 2;
  const h = p.heightM;
  // modules on the left ~45 %, batteries on the right
  const split = -w + p.widthM * 0.45;
  return [
    part('ups-frames', [-w, split], [-d, d], [0, h], '#2f3540'),
    part('battery-cabinets', [split, w], [-d, d], [0, h * 0.95], '#3d4656'),
    part('display', [-w + 0.1, Math.min(split, -w + 0.5)], [-d, -d + 0.02], [h * 0.6, h * 0.75], '#66c28a', 'detail'),
    part('top', [-w, split], [-d, d], [h - 0.04, h], COLORS.steel, 'detail'),
  ];
}

const look = (p: UpsProps): LookPart[] => fitLook(rawLook(p), p);

export const ups: KindDef<UpsProps> = {
  kind: 'ups',
  label: 'UPS',
  category: 'electrical',
  placement: 'floor',
  propsSchema: schema,
  serviceClearance: false,
  models: [
    {
      id: 'modular-1250',
      name: 'Modular UPS 1,250 kW (5 × 250 kW)',
      description: '5 × 250 kW modules, N+1 → 1,000 kW usable [S]; 97 % double conversion [S]; 5 min Li-ion [S]; 480 V in/out [S]; size and weight [U]',
      props: { widthM: 3.6, depthM: 1.0, heightM: 2.0, weightKg: 5000, moduleKw: 250, moduleCount: 5, redundantModules: 1, efficiency: 0.97, batteryMinutes: 5, voltageV: 480 },
    },
    {
      id: 'modular-4000',
      name: 'Modular UPS system 4,000 kW (16 × 250 kW)',
      description: '16 × 250 kW modules in four frames, N+1 → 3,750 kW usable [S]; 97 % [S]; 5 min Li-ion (~313 kWh) [S]; 480 V in/out [S]; size and weight [U]',
      props: { widthM: 12.0, depthM: 1.2, heightM: 2.0, weightKg: 16_000, moduleKw: 250, moduleCount: 16, redundantModules: 1, efficiency: 0.97, batteryMinutes: 5, voltageV: 480 },
    },
  ],
  fields: [
    ...baseFields,
    { key: 'moduleKw', label: 'Module power', quantity: 'power', min: 1, max: 5000, step: 5, source: 'V' },
    { key: 'moduleCount', label: 'Modules installed', quantity: 'count', min: 1, max: 64, step: 1, source: 'V' },
    { key: 'redundantModules', label: 'Redundant modules', quantity: 'count', min: 0, max: 32, step: 1, help: '1 = N+1' },
    { key: 'efficiency', label: 'Efficiency', quantity: 'fraction', min: 0.5, max: 1, step: 0.001, source: 'S' },
    { key: 'batteryMinutes', label: 'Battery autonomy (min)', quantity: 'count', min: 0, max: 240, step: 1, source: 'S' },
    { key: 'voltageV', label: 'Output voltage (line-line)', quantity: 'voltage', min: 100, max: 40000, step: 1, source: 'V' },
  ],
  look,
  // Its own draw at design load = losses at usable capacity; the engines recompute them at the real load.
  electricalKw: (p) => upsLossKw(p, upsUsableKw(p)),
  heatToAirKw: (p) => upsLossKw(p, upsUsableKw(p)),
  heatToLiquidKw: () => 0,
  summary: (p) => `${p.moduleCount} × ${p.moduleKw.toFixed(0)} kW · ${fmtKw(upsUsableKw(p))} usable · ${p.batteryMinutes} min`,
};
