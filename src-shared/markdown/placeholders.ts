/**
 * Template placeholders. `{{title}}`, `{{date}}`, `{{time}}` are filled in when a note is
 * created; the literal `YYYY-MM-DD` that templates written for humans carry (see the built-in
 * System Architecture template) becomes today's date. Bracketed prose placeholders such as
 * `[Framework]` are left for the writer.
 */
export function fillPlaceholders(template: string, values: { title: string; now: Date }): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const date = `${values.now.getFullYear()}-${pad(values.now.getMonth() + 1)}-${pad(values.now.getDate())}`;
  const time = `${pad(values.now.getHours())}:${pad(values.now.getMinutes())}`;
  return (
    template
      // A function, not a string: `$&` or `$'` in a title would otherwise be expanded.
      .replace(/\{\{\s*title\s*\}\}/g, () => values.title)
      .replace(/\{\{\s*date\s*\}\}/g, date)
      .replace(/\{\{\s*time\s*\}\}/g, time)
      .replace(/\bYYYY-MM-DD\b/g, date)
  );
}
