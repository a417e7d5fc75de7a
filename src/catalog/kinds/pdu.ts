import { z } from 'zod';
import type { BaseProps, KindDef, LookPart } from '../types';
import { base, baseFields, COLORS, num, part, fitLook } from './common';

/** A floor power distribution unit (with transformer) or a remote power panel (branch breakers only). */
export interface PduProps extends BaseProps {
  /** rating, kVA */
  kva: number;
  /** output line-to-line voltage, V */
  voltageV: number;
  /** branch breaker rating, A */
  branchBreakerA: number;
  /** branch circuit positions (three-pole) */
  branchCount: number;
  /** efficiency at rated load and PF 1, 0..1 (~0.98 with a transformer, ~0.998 without) */
  efficiency: number;
}

const schema = base.extend({
  kva: num(1, 5_000),
  voltageV: num(100, 1_000),
  branchBreakerA: num(1, 1_200),
  branchCount: z.number().int().min(1).max(200),
  efficiency: num(0.5, 1),
});

/**
 * Usable power of one three-phase branch at PF 1 under the NEC 80 % continuous rule, kW:
 * 0.8 · √3 · V_LL · I_breaker. 480 V 60 A → 39.9 kW (domain.md §6).
 */
export function branchUsableKw(p: Pick<PduProps, 'voltageV' | 'branchBreakerA'>): number {
  return (0.8 * Math.sqrt(3) * p.voltageV * p.branchBreakerA) / 1000;
}

/** Losses at rated kVA and PF 1, kW: S · (1/η − 1). */
export function pduLossKw(p: PduProps): number {
  return p.kva * (1 / p.efficiency - 1);
}

function rawLook(p: PduProps): LookPart[] {
  const w = p.widthM / 2;
  const d = p.depthM / 2;
  const h = p.heightM;
  return [
    part('cabinet', [-w, w], [-d + 0.02, d], [0, h], '#59606b'),
    part('door', [-w + 0.03, w - 0.03], [-d, -d + 0.02], [0.05, h - 0.05], '#707884', 'detail'),
    part('top', [-w, w], [-d + 0.02, d], [h - 0.04, h], COLORS.steel, 'detail'),
  ];
}

const look = (p: PduProps): LookPart[] => fitLook(rawLook(p), p);

export const pdu: KindDef<PduProps> = {
  kind: 'pdu',
  label: 'PDU / RPP',
  category: 'electrical',
  placement: 'floor',
  propsSchema: schema,
  serviceClearance: false,
  models: [
    {
      id: 'pdu-300',
      name: 'PDU 300 kVA (480 → 415 V)',
      description: 'Floor PDU with K-rated transformer 480 V → 415Y/240 V, 42 × 60 A three-pole branches (34.5 kW each at 80 %) [S]; 98 % [S]; size [U]',
      props: { widthM: 1.2, depthM: 0.9, heightM: 2.0, weightKg: 1100, kva: 300, voltageV: 415, branchBreakerA: 60, branchCount: 42, efficiency: 0.98 },
    },
    {
      id: 'rpp-225',
      name: 'RPP 225 kVA (480 V)',
      description: 'Remote power panel, 480 V, no transformer, 42 × 100 A three-pole branches for CDUs and coolers [S]; 99.8 % [U]',
      props: { widthM: 0.9, depthM: 0.6, heightM: 2.0, weightKg: 400, kva: 225, voltageV: 480, branchBreakerA: 100, branchCount: 42, efficiency: 0.998 },
    },
  ],
  fields: [
    ...baseFields,
    { key: 'kva', label: 'Rating', quantity: 'apparentPower', min: 1, max: 5000, step: 5, source: 'V' },
    { key: 'voltageV', label: 'Output voltage (line-line)', quantity: 'voltage', min: 100, max: 1000, step: 1, source: 'V' },
    { key: 'branchBreakerA', label: 'Branch breaker', quantity: 'current', min: 1, max: 1200, step: 1, source: 'V' },
    { key: 'branchCount', label: 'Branch circuits', quantity: 'count', min: 1, max: 200, step: 1, source: 'V' },
    { key: 'efficiency', label: 'Efficiency', quantity: 'fraction', min: 0.5, max: 1, step: 0.001, source: 'S' },
  ],
  look,
  electricalKw: pduLossKw,
  heatToAirKw: pduLossKw,
  heatToLiquidKw: () => 0,
  summary: (p) => `${p.kva.toFixed(0)} kVA · ${p.branchCount} × ${p.branchBreakerA.toFixed(0)} A · ${p.voltageV.toFixed(0)} V`,
};
