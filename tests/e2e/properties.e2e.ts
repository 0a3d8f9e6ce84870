import { test, expect } from './support/fixtures';
import { connectToHost } from './support/host-client';

/** Written by hand: comments, odd quoting, a block scalar, flow and block lists, CRLF. */
const MEETING = [
  '---',
  '# Keep this comment',
  "status: 'in review'   # who decides?",
  'owner: "Ada Lovelace"',
  'summary: |',
  '  Two lines',
  '  of summary',
  'aliases: [Kickoff,   "Q3 plan"]',
  '',
  'tags:',
  '    - planning',
  '    - "q3"  # quarter',
  '---',
  '',
  '# Meeting',
  '',
  'Notes go here.',
  '',
].join('\r\n');

test('the properties panel changes only the value it edits, and adds names the vault uses', async ({
  app,
  host,
  page,
}) => {
  const client = connectToHost(host);
  try {
    await client.api.notes.create.mutate({
      title: 'Other',
      body: '---\npriority: 2\nproject: "[[Meeting]]"\n---\n',
    });
    const { id } = await client.api.notes.create.mutate({ title: 'Meeting', body: MEETING });
    await app.openNote('Meeting');
    await expect(app.propertyField('status')).toHaveValue('in review');

    // A text edit keeps the single quotes, the comment, the spacing and every CRLF.
    await app.propertyField('status').fill("it's approved");
    await app.propertyField('status').press('Enter');
    await app.waitForSave();
    const edited = MEETING.replace("'in review'", "'it''s approved'");
    expect((await client.api.notes.get.query({ id })).body).toBe(edited);

    // A chip added to a block list is one new line in the same style.
    await app.propertyField('Add to tags').fill('decisions');
    await app.propertyField('Add to tags').press('Enter');
    await app.waitForSave();
    const tagged = edited.replace(
      '    - "q3"  # quarter\r\n',
      '    - "q3"  # quarter\r\n    - decisions\r\n',
    );
    expect((await client.api.notes.get.query({ id })).body).toBe(tagged);

    // From the vault's names: "priority" comes with its type, a number field.
    await app.addPropertyFromSuggestions('prio', 'priority');
    await expect(app.propertyField('priority')).toBeFocused();
    await expect(app.propertyField('priority')).toHaveAttribute('type', 'number');
    await app.propertyField('priority').fill('1');
    await app.propertyField('priority').press('Enter');
    await app.waitForSave();
    const added = tagged.replace('decisions\r\n---', 'decisions\r\npriority: 1\r\n---');
    expect((await client.api.notes.get.query({ id })).body).toBe(added);

    // Every panel edit is an edit of the editor: Ctrl+Z there takes the last one back.
    await app.editor.click();
    await page.keyboard.press('ControlOrMeta+z');
    await app.waitForSave();
    expect((await client.api.notes.get.query({ id })).body).toBe(
      tagged.replace('decisions\r\n---', 'decisions\r\npriority:\r\n---'),
    );
  } finally {
    await client.close();
  }
});

test('YAML that does not parse is shown as a warning and left as typed', async ({ app, host }) => {
  const client = connectToHost(host);
  try {
    const body = '---\ntags: [a, b\n---\nBody';
    const { id } = await client.api.notes.create.mutate({ title: 'Broken', body });
    await app.openNote('Broken');
    await expect(app.properties.getByRole('alert')).toContainText('These properties can’t be read:');
    await expect(app.properties.getByRole('alert')).toContainText('The text is kept as you typed it.');
    await expect(app.properties.getByRole('button', { name: 'Add property' })).toHaveCount(0);
    expect((await client.api.notes.get.query({ id })).body).toBe(body);
    await app.page.screenshot({ path: '/tmp/props-broken.png' });
    // A note without frontmatter offers only "Add property".
    await client.api.notes.create.mutate({ title: 'Plain', body: 'Just text.' });
    await app.openNote('Plain');
    await expect(app.properties.getByRole('button', { name: 'Add property' })).toBeVisible();
    await app.page.screenshot({ path: '/tmp/props-plain.png' });
  } finally {
    await client.close();
  }
});

test('screenshots: properties panel light, dark and narrow', async ({ app, host, page }) => {
  const client = connectToHost(host);
  try {
    await client.api.notes.create.mutate({ title: 'Target', body: 'A linked note' });
    await client.api.notes.create.mutate({
      title: 'Other',
      body: '---\npriority: 2\nproject: "[[Target]]"\nreviewed: false\n---\n',
    });
    await client.api.notes.create.mutate({
      title: 'Looks',
      body: [
        '---',
        'status: draft',
        'rating: 4',
        'done: true',
        'due: 2025-03-14',
        'meeting: 2025-03-14T09:30',
        'related: "[[Target]]"',
        'aliases: [Looks, Appearance]',
        'tags: [design, ui, review]',
        'a rather long property name that should not push the value away: value',
        '---',
        '',
        '# Looks',
        '',
      ].join('\n'),
    });
    await page.setViewportSize({ width: 1280, height: 900 });
    await app.openNote('Looks');
    await expect(app.propertyField('status')).toBeVisible();
    await page.screenshot({ path: '/tmp/props-light.png' });
    await app.properties.getByRole('button', { name: 'rating: Number. Property menu' }).click();
    await page.screenshot({ path: '/tmp/props-menu.png' });
    await page.keyboard.press('Escape');
    await app.properties.getByRole('button', { name: 'Add property' }).click();
    await app.properties.getByRole('combobox', { name: 'Property name' }).fill('r');
    await expect(app.properties.getByRole('option').first()).toBeVisible();
    await page.screenshot({ path: '/tmp/props-add.png' });
    await page.keyboard.press('Escape');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: '/tmp/props-dark.png' });
    await page.setViewportSize({ width: 700, height: 900 });
    await page.screenshot({ path: '/tmp/props-narrow.png' });
  } finally {
    await client.close();
  }
});
