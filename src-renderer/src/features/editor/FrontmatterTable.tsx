import type { Frontmatter } from './markdown/frontmatter';

/** The note's YAML properties as a compact key/value table, or a gentle note when they don't parse. */
export function FrontmatterTable({ frontmatter }: { frontmatter: Frontmatter }) {
  if (frontmatter.kind === 'none') return null;
  if (frontmatter.kind === 'invalid') {
    return (
      <p className="frontmatter-error" role="note">
        These properties could not be read, so they are left out: {frontmatter.message}
      </p>
    );
  }
  if (frontmatter.properties.length === 0) return null;
  return (
    <table className="frontmatter" aria-label="Properties">
      <tbody>
        {frontmatter.properties.map(({ key, value }) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td>
              {Array.isArray(value) ? (
                <span className="chips">
                  {value.map((item, i) => (
                    <span className="chip" key={`${i}:${item}`}>
                      {item}
                    </span>
                  ))}
                </span>
              ) : value === '' ? (
                <span className="empty-value">—</span>
              ) : (
                value
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
