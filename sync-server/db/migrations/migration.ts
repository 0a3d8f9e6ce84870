/** One schema step. `down` undoes `up` exactly; a test runs all up, all down, all up. */
export interface Migration {
  version: number;
  name: string;
  up: readonly string[];
  down: readonly string[];
}
