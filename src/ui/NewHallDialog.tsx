import { useEffect, useRef, useState } from 'react';
import { store, useEditor } from '../app/instance';
import { emptyHallDoc } from '../model/document';
import { NumberField } from './NumberField';

/** "Empty hall of given size": width, depth and clear height in the user's units. */
export function NewHallDialog() {
  const open = useEditor((s) => s.newHallOpen);
  const ref = useRef<HTMLDialogElement>(null);
  const [w, setW] = useState(60);
  const [d, setD] = useState(30);
  const [h, setH] = useState(7);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);
  const close = () => store.getState().setView({ newHallOpen: false });
  return (
    <dialog ref={ref} aria-labelledby="newhall-h" onClose={close} className="dialog">
      <h2 id="newhall-h">New empty hall</h2>
      <NumberField label="Width (east–west)" quantity="length" value={w} min={2} max={2000} onCommit={setW} />
      <NumberField label="Depth (north–south)" quantity="length" value={d} min={2} max={2000} onCommit={setD} />
      <NumberField label="Clear height" quantity="length" value={h} min={2} max={60} onCommit={setH} />
      <div className="btn-row">
        <button
          onClick={() => {
            store.getState().openDocument(emptyHallDoc(w, d, h, `Empty hall ${Number(w.toFixed(1))} × ${Number(d.toFixed(1))} m`));
            close();
          }}
        >
          Create hall
        </button>
        <button onClick={close}>Cancel</button>
      </div>
    </dialog>
  );
}
