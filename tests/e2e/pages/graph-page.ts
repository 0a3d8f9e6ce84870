import { expect, type Locator, type Page } from '@playwright/test';

/** The graph view: its toolbar, the WebGL canvas and the hovered note's card. */
export class GraphPage {
  readonly view: Locator;
  readonly canvas: Locator;
  readonly stage: Locator;
  readonly find: Locator;
  readonly hoverCard: Locator;
  readonly legend: Locator;

  constructor(private readonly page: Page) {
    this.view = page.getByRole('main', { name: /graph/i });
    this.canvas = page.getByTestId('graph-canvas');
    this.stage = page.locator('.graph-stage');
    this.find = page.getByRole('combobox', { name: 'Find a note in the graph' });
    this.hoverCard = page.getByTestId('graph-hover-card');
    this.legend = page.getByRole('list', { name: 'Colours by folder' });
  }

  async openFromSidebar(): Promise<void> {
    await this.page.getByRole('button', { name: 'Graph view' }).click();
    await this.waitUntilSettled();
  }

  /** The layout has stopped moving nodes: what is on screen stays where it is. */
  async waitUntilSettled(): Promise<void> {
    await expect(this.canvas.locator('canvas').first()).toBeVisible();
    await expect(this.stage).toHaveAttribute('data-layout', 'settled', { timeout: 30_000 });
  }

  /** The middle of the canvas, where the find box brings the note it picked. */
  async centre(): Promise<{ x: number; y: number }> {
    const box = await this.canvas.boundingBox();
    if (!box) throw new Error('the graph canvas is not on screen');
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }
}
