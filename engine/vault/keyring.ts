// The vault secrets of the current run, and decryption with them. Files are read by many
// loaders (playbooks, inventories, vars files, include_vars, -e @file, copy and template
// sources); rather than thread the secrets through each of them, run() sets them here
// before anything is loaded.
import { TsplayError, type SourcePos } from '../errors.js'
import { decryptVault, isVaulted, LockedVaultValue, type VaultSecret } from './vault.js'

let current: readonly VaultSecret[] = []

export function setVaultSecrets(secrets: readonly VaultSecret[]): void {
  current = secrets
}

export function vaultSecrets(): readonly VaultSecret[] {
  return current
}

/** A file's text, decrypted when ansible-vault encrypted it; a failure names `file`. */
export function decryptedText(text: string, file: string): string {
  return isVaulted(text) ? decryptVault(text, current, file) : text
}

/**
 * An inline `!vault` value: decrypted, or locked — an error only where it is used, as in
 * Ansible — when no secret fits. The error names `where`, or stands at `pos`.
 */
export function inlineVaultValue(text: string, where: { name?: string; pos?: SourcePos }): string | LockedVaultValue {
  try {
    return decryptVault(text, current, where.name ?? '')
  } catch (err) {
    if (!(err instanceof TsplayError)) throw err
    return new LockedVaultValue(where.pos ? new TsplayError(err.message, { pos: where.pos, hint: err.hint }) : err)
  }
}
