import * as THREE from 'three';

/**
 * Document plan frame (x east, y north, z up) → three.js frame (y up): three = (x, z, −y).
 * A rotation of θ about the document's z is a rotation of θ about three's y.
 */
export function toThree(x: number, y: number, z = 0, out = new THREE.Vector3()): THREE.Vector3 {
  return out.set(x, z, -y);
}

export function fromThree(v: THREE.Vector3): [number, number] {
  return [v.x, -v.z];
}
