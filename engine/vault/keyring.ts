// The vault secrets of the current run. Files are read by many loaders (playbooks,
// inventories, vars files, include_vars, -e @file); rather than thread the secrets through
// each of them, run() sets them here before anything is loaded.
import type { VaultSecret } from './vault.js'

let current: readonly VaultSecret[] = []

export function setVaultSecrets(secrets: readonly VaultSecret[]): void {
  current = secrets
}

export function vaultSecrets(): readonly VaultSecret[] {
  return current
}
