import type { BaseProps, KindDef, LookPart } from '../types';
import { base, baseFields, COLORS, num, part, fitLook } from './common';

/** A liquid-filled MV/LV transformer (pad-mount or unit substation), standing outdoors. */
export interface TransformerProps extends BaseProps {
  /** nameplate rating, kVA */
  kva: number;
  /** primary (MV) line-to-line voltage, kV */
  primaryKv: number;
  /** secondary (LV) line-to-line voltage, V */
  secondaryV: number;
  /** percent impedance (sets fault current and regulation), % */
  impedancePct: number;
  /** no-load (core) losses, kW */
  noLoadLossKw: number;
  /** load (copper) losses at rated kVA, kW; they scale with (load / rating)² */
  loadLossKw: number;
}

const schema = base.extend({
  kva: num(1, 100_000),
  primaryKv: num(0.2, 500),
  secondaryV: num(100, 40_000),
  impedancePct: num(0.5, 20),
  noLoadLossKw: num(0, 200),
  loadLossKw: num(0, 1_000),
});

/** Losses at a given load, kW: P0 + Pk·(S/S_rated)². */
export function transformerLossKw(p: TransformerProps, loadKva: number): number {
  const r = loadKva / p.kva;
  return p.noLoadLossKw + p.loadLossKw * r * r;
}

/** Efficiency at a load in kW and power factor 1 (as DOE 10 CFR 431 tabulates it at 50 % load). */
export function transformerEfficiency(p: TransformerProps, loadKw: number): number {
  return loadKw / (loadKw + transformerLossKw(p, loadKw));
}

/** Rated secondary line current, A: S / (√3 · V_LL). */
export function transformerSecondaryA(p: TransformerProps): number {
  return (p.kva * 1000) / (Math.sqrt(3) * p.secondaryV);
}

/** Bolted three-phase fault current at the secondary terminals on an infinite bus, kA: I_rated / Z. */
export function transformerFaultKa(p: TransformerProps): number {
  return transformerSecondaryA(p) / (p.impedancePct / 100) / 1000;
}

function rawLook(p: TransformerProps): LookPart[] {
  const w = p.widthM / 2;
  const d = p.depthM / 2;
  const h = p.heightM;
  const fin = Math.min(0.35, p.widthM * 0.15);
  return [
    part('tank', [-w + fin, w - fin], [-d, d - 0.2 * p.depthM], [0, h * 0.85], '#6d7a5e'),
    // termination cabinet on the front (service side)
    part('cabinet', [-w + fin, w - fin], [-d, -d + 0.35 * p.depthM], [0, h], '#7d8a6c', 'detail'),
    part('radiator-left', [-w, -w + fin], [-d + 0.2 * p.depthM, d - 0.05], [0.1, h * 0.8], COLORS.steel, 'detail'),
    part('radiator-right', [w - fin, w], [-d + 0.2 * p.depthM, d - 0.05], [0.1, h * 0.8], COLORS.steel, 'detail'),
  ];
}

const look = (p: TransformerProps): LookPart[] => fitLook(rawLook(p), p);

export const transformer: KindDef<TransformerProps> = {
  kind: 'transformer',
  label: 'Transformer',
  category: 'electrical',
  placement: 'outdoor',
  propsSchema: schema,
  serviceClearance: false,
  models: [
    {
      id: 'mv-480-2500',
      name: 'Pad-mount 34.5 kV/480 V 2,500 kVA',
      description:
        'Liquid-filled pad-mount, 34.5 kV Δ / 480Y/277 V, Z 5.75 % [S]; losses 2.0 kW no-load + 15 kW at rating → 99.54 % at 50 % load (DOE 2016 level 99.53 %) [U]',
      props: { widthM: 2.3, depthM: 2.4, heightM: 2.2, weightKg: 7000, kva: 2500, primaryKv: 34.5, secondaryV: 480, impedancePct: 5.75, noLoadLossKw: 2.0, loadLossKw: 15 },
    },
    {
      id: 'mv-480-3000',
      name: 'Pad-mount 34.5 kV/480 V 3,000 kVA',
      description: 'Liquid-filled pad-mount, 34.5 kV / 480Y/277 V, Z 5.75 % [S]; 2.3 kW + 18 kW losses → 99.55 % at 50 % load [U]',
      props: { widthM: 2.5, depthM: 2.6, heightM: 2.3, weightKg: 8200, kva: 3000, primaryKv: 34.5, secondaryV: 480, impedancePct: 5.75, noLoadLossKw: 2.3, loadLossKw: 18 },
    },
    {
      id: 'mv-480-5000',
      name: 'Unit substation 34.5 kV/480 V 5,000 kVA',
      description: 'Liquid-filled substation transformer, 34.5 kV / 480Y/277 V (6,014 A secondary), Z 6.5 % [S]; 3.4 kW + 27 kW losses → 99.60 % at 50 % load [U]',
      props: { widthM: 3.0, depthM: 3.2, heightM: 2.8, weightKg: 12_500, kva: 5000, primaryKv: 34.5, secondaryV: 480, impedancePct: 6.5, noLoadLossKw: 3.4, loadLossKw: 27 },
    },
  ],
  fields: [
    ...baseFields,
    { key: 'kva', label: 'Rating', quantity: 'apparentPower', min: 1, max: 100000, step: 50, source: 'V' },
    { key: 'primaryKv', label: 'Primary voltage', quantity: 'voltageKv', min: 0.2, max: 500, step: 0.1, source: 'V' },
    { key: 'secondaryV', label: 'Secondary voltage', quantity: 'voltage', min: 100, max: 40000, step: 1, source: 'V' },
    { key: 'impedancePct', label: 'Impedance (%)', quantity: 'count', min: 0.5, max: 20, step: 0.05, source: 'S' },
    { key: 'noLoadLossKw', label: 'No-load loss', quantity: 'power', min: 0, max: 200, step: 0.1, source: 'U' },
    { key: 'loadLossKw', label: 'Load loss at rating', quantity: 'power', min: 0, max: 1000, step: 0.5, source: 'U' },
  ],
  look,
  // Its own draw is its losses; at design load (full rating) they are P0 + Pk, all to the air.
  electricalKw: (p) => p.noLoadLossKw + p.loadLossKw,
  heatToAirKw: (p) => p.noLoadLossKw + p.loadLossKw,
  heatToLiquidKw: () => 0,
  summary: (p) => `${p.kva.toFixed(0)} kVA · ${p.primaryKv} kV/${p.secondaryV.toFixed(0)} V · Z ${p.impedancePct} %`,
};
