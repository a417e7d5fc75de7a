import { store, useEditor } from '../app/instance';

/** Errors and notes for the user: what is wrong and where (JSON paths), dismissible. */
export function NoticeBanner() {
  const n = useEditor((s) => s.notice);
  if (!n) return null;
  return (
    <div className={`notice notice-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
      <div className="notice-head">
        <strong>{n.title}</strong>
        <button aria-label="Dismiss message" onClick={() => store.getState().setNotice(null)}>
          ×
        </button>
      </div>
      {n.details.length > 0 && (
        <ul className="notice-details">
          {n.details.slice(0, 12).map((d, i) => (
            <li key={i}>
              <code>{d}</code>
            </li>
          ))}
          {n.details.length > 12 && <li>…and {n.details.length - 12} more</li>}
        </ul>
      )}
      {n.kind === 'error' && <p className="notice-foot">Your open layout is unchanged.</p>}
    </div>
  );
}
