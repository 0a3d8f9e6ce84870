/** The device processes in these tests keep their sign-in as the CLI does on a box without a keychain. */
export { createFileSecretStore } from '../../../src-main/secrets/file-secret-store';
