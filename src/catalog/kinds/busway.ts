import { z } from 'zod';
import type { BaseProps, KindDef, LookPart } from '../types';
import { base, baseFields, COLORS, num, part, fitLook } from './common';

/**
 * An overhead busway run. It is linear: its LENGTH is widthM (local x); depthM and heightM are the
 * housing's cross-section. Tap-off units plug in along it and drop cords to the racks below.
 */
export interface BuswayProps extends BaseProps {
  /** bus rating, A */
  ratingA: number;
  /** line-to-line voltage, V */
  voltageV: number;
  /** plug-in tap-off units fitted */
  tapOffCount: number;
  /** breaker rating of one tap-off unit, A */
  tapOffA: number;
  /** losses per metre at rated current, W/m (scale with current²) */
  lossWPerM: number;
}

const schema = base.extend({
  ratingA: num(1, 6_000),
  voltageV: num(100, 1_000),
  tapOffCount: z.number().int().min(0).max(200),
  tapOffA: num(1, 1_200),
  lossWPerM: num(0, 2_000),
});

/** Continuous load the bus may carry under the NEC 80 % rule at PF 1, kW: 0.8 · √3 · V · I. */
export function buswayUsableKw(p: Pick<BuswayProps, 'ratingA' | 'voltageV'>): number {
  return (0.8 * Math.sqrt(3) * p.voltageV * p.ratingA) / 1000;
}

/** Losses of the whole run at rated current, kW. */
export function buswayLossKw(p: BuswayProps): number {
  return (p.lossWPerM * p.widthM) / 1000;
}

function rawLook(p: BuswayProps): LookPart[] {
  const w = p.widthM / 2;
  const d = p.depthM / 2;
  const h = p.heightM;
  return [
    part('housing', [-w, w], [-d, d], [h * 0.3, h], '#8c939e'),
    // tap-off boxes drawn as one band hanging under the bus
    part('tap-offs', [-w + 0.05, w - 0.05], [-d * 0.8, d * 0.8], [0, h * 0.3], '#e0a43a', 'detail'),
    part('end-feed', [-w, Math.min(w, -w + 0.3)], [-d, d], [0, h], COLORS.darkSteel, 'detail'),
  ];
}

const look = (p: BuswayProps): LookPart[] => fitLook(rawLook(p), p);

export const busway: KindDef<BuswayProps> = {
  kind: 'busway',
  label: 'Busway',
  category: 'electrical',
  placement: 'overhead',
  propsSchema: schema,
  serviceClearance: false,
  models: [
    {
      id: 'track-800a',
      name: 'Track busway 800 A, 6 m',
      description: '800 A track busway (UL 857), 480 V → 532 kW at 80 % [V]; 12 tap-offs of 60 A (39.9 kW each at 80 %) [V]; losses ~60 W/m [U]',
      props: { widthM: 6, depthM: 0.15, heightM: 0.2, weightKg: 90, ratingA: 800, voltageV: 480, tapOffCount: 12, tapOffA: 60, lossWPerM: 60 },
    },
    {
      id: 'plugin-1600a',
      name: 'Plug-in busway 1,600 A, 6 m',
      description: '1,600 A plug-in busway, 480 V → 1,064 kW at 80 % [V]; 24 tap-offs of 60 A [S]; losses ~120 W/m [U]',
      props: { widthM: 6, depthM: 0.2, heightM: 0.2, weightKg: 240, ratingA: 1600, voltageV: 480, tapOffCount: 24, tapOffA: 60, lossWPerM: 120 },
    },
    {
      id: 'track-400a-415v',
      name: 'Track busway 400 A 415 V, 6 m',
      description: '400 A track busway, 415 V → 230 kW at 80 % [V]; 12 tap-offs of 63 A [V]; losses ~40 W/m [U]',
      props: { widthM: 6, depthM: 0.15, heightM: 0.2, weightKg: 70, ratingA: 400, voltageV: 415, tapOffCount: 12, tapOffA: 63, lossWPerM: 40 },
    },
  ],
  fields: [
    { key: 'widthM', label: 'Length', quantity: 'length', min: 0.05, max: 100, step: 0.05 },
    ...baseFields.filter((f) => f.key !== 'widthM'),
    { key: 'ratingA', label: 'Rating', quantity: 'current', min: 1, max: 6000, step: 10, source: 'V' },
    { key: 'voltageV', label: 'Voltage (line-line)', quantity: 'voltage', min: 100, max: 1000, step: 1, source: 'V' },
    { key: 'tapOffCount', label: 'Tap-off units', quantity: 'count', min: 0, max: 200, step: 1 },
    { key: 'tapOffA', label: 'Tap-off breaker', quantity: 'current', min: 1, max: 1200, step: 1, source: 'V' },
    { key: 'lossWPerM', label: 'Losses at rating (W/m)', quantity: 'count', min: 0, max: 2000, step: 1, source: 'U' },
  ],
  look,
  // hung above a 2.3 m rack with room for the tap-off cords
  defaultElevationM: () => 2.7,
  electricalKw: buswayLossKw,
  heatToAirKw: buswayLossKw,
  heatToLiquidKw: () => 0,
  summary: (p) => `${p.ratingA.toFixed(0)} A · ${p.voltageV.toFixed(0)} V · ${p.widthM.toFixed(1)} m · ${p.tapOffCount} tap-offs`,
};
