// Where the vault passwords come from, as ansible-playbook takes them: --vault-id
// [label@]source (a file, an executable that prints the password, or `prompt`),
// --vault-password-file FILE and --ask-vault-password (both the 'default' id); with none
// of them, vault_password_file of ansible.cfg or ANSIBLE_VAULT_PASSWORD_FILE.
import { execFileSync } from 'node:child_process'
import { accessSync, constants, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { TsplayError } from '../errors.js'
import { askSecrets } from '../util/ask-secrets.js'
import type { VaultSecret } from './vault.js'

export interface VaultPasswordOptions {
  vaultIds: string[]
  vaultPasswordFiles: string[]
  askVaultPass: boolean
  /** vault_password_file from the settings: used when nothing else is given. */
  configFile?: string
  cwd: string
}

export async function loadVaultSecrets(o: VaultPasswordOptions): Promise<VaultSecret[]> {
  const sources: { label: string; source: string }[] = [
    ...o.vaultIds.map(parseVaultId),
    ...o.vaultPasswordFiles.map((file) => ({ label: 'default', source: file })),
    ...(o.askVaultPass ? [{ label: 'default', source: 'prompt' }] : []),
  ]
  if (sources.length === 0 && o.configFile) sources.push({ label: 'default', source: o.configFile })
  const secrets: VaultSecret[] = []
  for (const { label, source } of sources) {
    if (source === 'prompt') {
      const [password] = await askSecrets([label === 'default' ? 'Vault password: ' : `Vault password (${label}): `])
      secrets.push({ label, password: password ?? '' })
    } else {
      secrets.push({ label, password: passwordFromFile(resolve(o.cwd, source)) })
    }
  }
  return secrets
}

/** "label@source", or a bare source for the default id. */
function parseVaultId(id: string): { label: string; source: string } {
  const at = id.indexOf('@')
  return at < 0 ? { label: 'default', source: id } : { label: id.slice(0, at) || 'default', source: id.slice(at + 1) }
}

/** A file's content, or what it prints when it is executable; surrounding whitespace is not part of the password. */
function passwordFromFile(file: string): string {
  try {
    if (isExecutable(file)) return execFileSync(file, [], { encoding: 'utf8', stdio: ['inherit', 'pipe', 'inherit'] }).trim()
    return readFileSync(file, 'utf8').trim()
  } catch (err) {
    throw new TsplayError(`cannot read the vault password file ${file}: ${(err as Error).message}`, { cause: err })
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}
