/** Bad arguments or input from the person at the CLI: exit code 2. */
export class CliUsageError extends Error {}
