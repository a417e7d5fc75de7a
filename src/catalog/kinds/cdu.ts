import { z } from 'zod';
import type { BaseProps, KindDef, LookPart } from '../types';
import { base, baseFields, COLORS, fmtKw, num, part, fitLook } from './common';

/**
 * A coolant distribution unit (liquid-to-liquid): a heat exchanger between the facility water
 * system (FWS) and the technology cooling system (TCS) that feeds the racks' cold plates, with the
 * TCS pumps. In-row units stand in a rack row (front = service door at local −y, rear = piping).
 */
export interface CduProps extends BaseProps {
  /** heat-exchange capacity at the rated approach, kW */
  capacityKw: number;
  /** approach: TCS supply − FWS supply at rated capacity, K */
  approachK: number;
  /** TCS flow the pumps can deliver at pumpHeadKpa, L/min */
  maxFlowLpm: number;
  /** pump head available at maxFlowLpm, kPa */
  pumpHeadKpa: number;
  /** TCS supply temperature setpoint, °C */
  supplyTempC: number;
  /** pumps installed */
  pumpCount: number;
  /** of which standby (N+1 → 1) */
  redundantPumps: number;
  /** electrical power of one running pump at design duty, kW */
  pumpPowerKw: number;
}

const schema = base.extend({
  capacityKw: num(0, 10_000),
  approachK: num(0.5, 20),
  maxFlowLpm: num(0, 20_000),
  pumpHeadKpa: num(0, 1_000),
  supplyTempC: num(5, 60),
  pumpCount: z.number().int().min(1).max(12),
  redundantPumps: z.number().int().min(0).max(6),
  pumpPowerKw: num(0, 200),
});

/** Pumps running at design duty (installed − standby, at least 0). */
export function runningPumps(p: Pick<CduProps, 'pumpCount' | 'redundantPumps'>): number {
  return Math.max(0, p.pumpCount - p.redundantPumps);
}

/** Electrical power of the running pumps, kW. */
export function cduPumpKw(p: CduProps): number {
  return runningPumps(p) * p.pumpPowerKw;
}

/** Hydraulic power delivered to the coolant, kW: flow [m³/s] × head [kPa] = flowLpm / 60,000 × headKpa. */
export function hydraulicPowerKw(flowLpm: number, headKpa: number): number {
  return (flowLpm / 60_000) * headKpa;
}

/**
 * Water flow to carry heatKw at a temperature difference deltaTK, L/min:
 * Q = ṁ·c_p·ΔT with ρ ≈ 1 kg/L and c_p = 4.18 kJ/(kg·K) → 60/4.18 ≈ 14.35 · P / ΔT (domain.md §3).
 */
export function waterFlowLpm(heatKw: number, deltaTK: number): number {
  return (heatKw / (1.0 * 4.18 * deltaTK)) * 60;
}

function rawLook(p: CduProps): LookPart[] {
  const w = p.widthM / 2;
  const d = p.depthM / 2;
  const h = p.heightM;
  const pipe = Math.min(0.12, w / 3, d / 3);
  return [
    part('body', [-w, w], [-d + 0.02, d - 0.02], [0, h], '#d4d8de'),
    part('front', [-w + 0.03, w - 0.03], [-d, -d + 0.02], [0.05, h - 0.05], '#5a8fd6', 'front'),
    part('rear', [-w + 0.03, w - 0.03], [d - 0.02, d], [0.05, h - 0.05], COLORS.steel, 'rear'),
    // supply (blue) and return (red) headers on top, inside the envelope
    part('supply-header', [-w + 0.05, -w + 0.05 + pipe], [d - 0.05 - pipe, d - 0.05], [h - 0.1, h], COLORS.water, 'detail'),
    part('return-header', [w - 0.05 - pipe, w - 0.05], [d - 0.05 - pipe, d - 0.05], [h - 0.1, h], COLORS.warmWater, 'detail'),
  ];
}

const look = (p: CduProps): LookPart[] => fitLook(rawLook(p), p);

export const cdu: KindDef<CduProps> = {
  kind: 'cdu',
  label: 'CDU',
  category: 'liquid',
  placement: 'floor',
  propsSchema: schema,
  serviceClearance: true,
  models: [
    {
      id: 'in-row-600',
      name: 'In-row CDU 600 kW',
      description:
        'Liquid-to-liquid in-row CDU, 600 kW at 4 K approach [S]; 900 L/min (1.5 L/min/kW) at 250 kPa [S]; N+1 pumps; pump power from flow × head / 0.65 [U]',
      props: { widthM: 0.6, depthM: 1.2, heightM: 2.3, weightKg: 850, capacityKw: 600, approachK: 4, maxFlowLpm: 900, pumpHeadKpa: 250, supplyTempC: 25, pumpCount: 2, redundantPumps: 1, pumpPowerKw: 5.8 },
    },
    {
      id: 'in-row-1000',
      name: 'In-row CDU 1 MW',
      description:
        'Liquid-to-liquid in-row CDU, 1,000 kW at 4 K approach [S]; 1,500 L/min at 300 kPa [S]; N+1 pumps; 11.5 kW per running pump ≈ 7.5 kW hydraulic / 0.65 [U]',
      props: { widthM: 0.8, depthM: 1.2, heightM: 2.3, weightKg: 1200, capacityKw: 1000, approachK: 4, maxFlowLpm: 1500, pumpHeadKpa: 300, supplyTempC: 25, pumpCount: 2, redundantPumps: 1, pumpPowerKw: 11.5 },
    },
    {
      id: 'facility-2500',
      name: 'Facility CDU 2.5 MW',
      description:
        'Floor-standing facility CDU, 2,500 kW at 3 K approach [S]; 3,750 L/min at 350 kPa; 3 pumps N+1 (2 running) at ~16.8 kW each [U]',
      props: { widthM: 3.0, depthM: 1.4, heightM: 2.2, weightKg: 3500, capacityKw: 2500, approachK: 3, maxFlowLpm: 3750, pumpHeadKpa: 350, supplyTempC: 25, pumpCount: 3, redundantPumps: 1, pumpPowerKw: 16.8 },
    },
  ],
  fields: [
    ...baseFields,
    { key: 'capacityKw', label: 'Capacity', quantity: 'power', min: 0, max: 10000, step: 10, source: 'S' },
    { key: 'approachK', label: 'Approach (TCS − FWS supply)', quantity: 'deltaT', min: 0.5, max: 20, step: 0.5, source: 'S', help: '3–5 K typical' },
    { key: 'maxFlowLpm', label: 'Max TCS flow', quantity: 'liquidFlow', min: 0, max: 20000, step: 10, source: 'S', help: 'OCP guidance 1.0–1.5 L/min per kW' },
    { key: 'pumpHeadKpa', label: 'Pump head at max flow', quantity: 'pressure', min: 0, max: 1000, step: 5, source: 'S' },
    { key: 'supplyTempC', label: 'TCS supply setpoint', quantity: 'temperature', min: 5, max: 60, step: 0.5, source: 'S' },
    { key: 'pumpCount', label: 'Pumps installed', quantity: 'count', min: 1, max: 12, step: 1 },
    { key: 'redundantPumps', label: 'Standby pumps', quantity: 'count', min: 0, max: 6, step: 1, help: '1 = N+1' },
    { key: 'pumpPowerKw', label: 'Power per running pump', quantity: 'power', min: 0, max: 200, step: 0.1, source: 'U' },
  ],
  look,
  electricalKw: cduPumpKw,
  // The pump shaft work ends up as heat in the coolant; motor and drive losses (~10 %) are small
  // next to the rack air load, so all of it is booked to the liquid (conservative for the loop).
  heatToAirKw: () => 0,
  heatToLiquidKw: cduPumpKw,
  summary: (p) => `${fmtKw(p.capacityKw)} · ${p.supplyTempC.toFixed(0)} °C TCS · ${runningPumps(p)}+${p.redundantPumps} pumps`,
};
