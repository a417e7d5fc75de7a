import { z } from 'zod';
import type { BaseProps, KindDef, LookPart } from '../types';
import { base, baseFields, COLORS, num, part, fitLook } from './common';

/** A switchgear or switchboard lineup: main bus and breakers. */
export interface SwitchgearProps extends BaseProps {
  /** main bus / main breaker rating, A */
  ratingA: number;
  /** line-to-line voltage, V */
  voltageV: number;
  /** short-circuit interrupting rating, kA */
  interruptingKa: number;
  /** losses (bus and breaker contacts) at rated current, kW; they scale with current² */
  lossKw: number;
  /** continuous load the main breaker may carry, % of its rating: 80 (standard, NEC 125 % rule) or 100 (100 %-rated breaker) */
  continuousPct: number;
}

const schema = base.extend({
  ratingA: num(1, 20_000),
  voltageV: num(100, 40_000),
  interruptingKa: num(1, 200),
  lossKw: num(0, 100),
  continuousPct: z.union([z.literal(80), z.literal(100)]),
});

/** Three-phase apparent power at the rated current, kVA: √3 · V_LL · I. */
export function switchgearRatedKva(p: SwitchgearProps): number {
  return (Math.sqrt(3) * p.voltageV * p.ratingA) / 1000;
}

function rawLook(p: SwitchgearProps): LookPart[] {
  const w = p.widthM / 2;
  const d = p.depthM / 2;
  const h = p.heightM;
  return [
    part('lineup', [-w, w], [-d + 0.02, d], [0, h], '#b9bec6'),
    part('doors', [-w + 0.02, w - 0.02], [-d, -d + 0.02], [0.05, h - 0.1], '#9aa1ab', 'detail'),
    part('top-vent', [-w, w], [-d + 0.02, d], [h - 0.05, h], COLORS.steel, 'detail'),
  ];
}

const look = (p: SwitchgearProps): LookPart[] => fitLook(rawLook(p), p);

export const switchgear: KindDef<SwitchgearProps> = {
  kind: 'switchgear',
  label: 'Switchgear',
  category: 'electrical',
  placement: 'floor',
  propsSchema: schema,
  serviceClearance: false,
  models: [
    {
      id: 'lv-480-4000',
      name: 'LV switchgear 480 V 4,000 A',
      description: '480 V, 4,000 A main (3,325 kVA), 65 kA, five 0.9 m sections [S]; losses at rating [U]',
      props: { widthM: 4.6, depthM: 1.5, heightM: 2.3, weightKg: 5000, ratingA: 4000, voltageV: 480, interruptingKa: 65, lossKw: 4, continuousPct: 80 },
    },
    {
      id: 'lv-480-6000',
      name: 'LV switchgear 480 V 6,000 A',
      description: '480 V, 6,000 A main (4,988 kVA) for a 5 MVA transformer, 100 kA, seven sections [S]; losses at rating [U]',
      props: { widthM: 6.4, depthM: 1.8, heightM: 2.4, weightKg: 8000, ratingA: 6000, voltageV: 480, interruptingKa: 100, lossKw: 6, continuousPct: 80 },
    },
    {
      id: 'mv-34.5kv-1200',
      name: 'MV switchgear 34.5 kV 1,200 A',
      description: 'Metal-clad 34.5 kV, 1,200 A (71.7 MVA), 40 kA, incomer + feeders [S]; losses [U]',
      props: { widthM: 6.0, depthM: 2.4, heightM: 2.9, weightKg: 9000, ratingA: 1200, voltageV: 34500, interruptingKa: 40, lossKw: 1.5, continuousPct: 80 },
    },
  ],
  fields: [
    ...baseFields,
    { key: 'ratingA', label: 'Main rating', quantity: 'current', min: 1, max: 20000, step: 100, source: 'V' },
    { key: 'voltageV', label: 'Voltage (line-line)', quantity: 'voltage', min: 100, max: 40000, step: 1, source: 'V' },
    { key: 'interruptingKa', label: 'Interrupting rating (kA)', quantity: 'count', min: 1, max: 200, step: 1, source: 'V' },
    { key: 'lossKw', label: 'Losses at rating', quantity: 'power', min: 0, max: 100, step: 0.1, source: 'U' },
    {
      key: 'continuousPct',
      label: 'Main breaker continuous rating (%)',
      quantity: 'count',
      options: [
        { value: 80, label: '80 % (standard)' },
        { value: 100, label: '100 %-rated' },
      ],
      source: 'V',
      help: 'standard breakers carry 80 % of their rating continuously (NEC 125 % rule); 100 %-rated mains carry all of it',
    },
  ],
  look,
  electricalKw: (p) => p.lossKw,
  heatToAirKw: (p) => p.lossKw,
  heatToLiquidKw: () => 0,
  summary: (p) => `${p.ratingA.toFixed(0)} A · ${p.voltageV >= 1000 ? `${(p.voltageV / 1000).toFixed(1)} kV` : `${p.voltageV.toFixed(0)} V`}`,
};
