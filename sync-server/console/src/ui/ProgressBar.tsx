/**
 * Bytes used against a limit. Without a limit it says so instead of drawing a bar that means
 * nothing; past 90 % it turns to a warning, at the limit to danger.
 */
export function ProgressBar({
  value,
  max,
  label,
  caption,
}: {
  value: number;
  max: number | null;
  /** The accessible name ("Storage used by ada@example.com"). */
  label: string;
  /** The words beside it ("1.2 GB of 5.0 GB"). */
  caption: string;
}) {
  if (max === null || max <= 0) {
    return (
      <div className="meter">
        <span className="meter-caption">{caption}</span>
      </div>
    );
  }
  const ratio = Math.min(1, value / max);
  const tone = ratio >= 1 ? 'danger' : ratio >= 0.9 ? 'warning' : 'ok';
  return (
    <div className="meter">
      <div
        className={`meter-track meter-${tone}`}
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={Math.min(value, max)}
        aria-valuetext={caption}
      >
        <div className="meter-fill" style={{ width: `${(ratio * 100).toFixed(1)}%` }} />
      </div>
      <span className="meter-caption">{caption}</span>
    </div>
  );
}
