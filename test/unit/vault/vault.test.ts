import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadDataFile } from '../../../engine/inventory/yaml-data.js'
import { setVaultSecrets } from '../../../engine/vault/keyring.js'
import { decryptVault, encryptVault, isVaulted, LockedVaultValue } from '../../../engine/vault/vault.js'

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'vault')
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8')
const DEFAULT = { label: 'default', password: 'letmein' }

describe('ansible-vault format', () => {
  it('decrypts what ansible-vault 2.14 encrypted: format 1.1, 1.2 with a vault id, and an inline value', () => {
    const plain = 'db_password: s3cret\nports: [6230, 6231]\n'
    expect(decryptVault(fixture('vars-1.1.yml'), [DEFAULT], 'vars-1.1.yml')).to.equal(plain)
    expect(decryptVault(fixture('vars-1.2-lab.yml'), [{ label: 'lab', password: 'letmein' }], 'vars-1.2-lab.yml')).to.equal(plain)
    const inline = fixture('inline.yml').split('\n').slice(1).join('\n')
    expect(isVaulted(inline)).to.equal(true)
    expect(decryptVault(inline, [DEFAULT], 'inline.yml')).to.equal('inline-secret')
  })

  it('tries the secrets of the envelope\'s vault id first, then the others', () => {
    const secrets = [{ label: 'other', password: 'nope' }, { label: 'lab', password: 'letmein' }]
    expect(decryptVault(fixture('vars-1.2-lab.yml'), secrets, 'f')).to.match(/^db_password/)
    expect(decryptVault(fixture('vars-1.1.yml'), secrets, 'f')).to.match(/^db_password/)
  })

  it('round-trips its own encryption (1.1 for the default id, 1.2 with a label)', () => {
    for (const secret of [DEFAULT, { label: 'prod', password: 'pässwörd' }]) {
      const text = encryptVault('ünïcode: yes\n', secret)
      expect(text.split('\n')[0]).to.equal(secret.label === 'default' ? '$ANSIBLE_VAULT;1.1;AES256' : '$ANSIBLE_VAULT;1.2;AES256;prod')
      expect(text.split('\n').slice(1, -1).every((line) => line.length <= 80)).to.equal(true)
      expect(decryptVault(text, [secret], 'f')).to.equal('ünïcode: yes\n')
    }
  })

  it('says why it cannot decrypt: no secrets, no fitting secret, a damaged body, another cipher', () => {
    const text = fixture('vars-1.1.yml')
    expect(() => decryptVault(text, [], 'group_vars/all.yml')).to.throw('Attempting to decrypt but no vault secrets found on group_vars/all.yml')
    expect(() => decryptVault(text, [{ label: 'default', password: 'wrong' }], 'f.yml')).to.throw('Decryption failed (no vault secrets were found that could decrypt) on f.yml')
    expect(() => decryptVault('$ANSIBLE_VAULT;1.1;AES256\n3031', [DEFAULT], 'f.yml')).to.throw('f.yml: the vault-encrypted text is damaged')
    expect(() => decryptVault('$ANSIBLE_VAULT;1.0;AES\n3031', [DEFAULT], 'f.yml')).to.throw("unsupported vault format '$ANSIBLE_VAULT;1.0;AES'")
  })
})

describe('vault in inventory and vars files', () => {
  afterEach(() => setVaultSecrets([]))

  it('decrypts whole files and inline values with the run\'s secrets, and locks inline values without them', () => {
    setVaultSecrets([DEFAULT])
    expect(loadDataFile(fixture('vars-1.1.yml'), 'group_vars/all.yml', () => {})).to.deep.equal({ db_password: 's3cret', ports: [6230, 6231] })
    expect(loadDataFile(fixture('inline.yml'), 'group_vars/all.yml', () => {})).to.deep.equal({ api_key: 'inline-secret' })
    setVaultSecrets([])
    const locked = loadDataFile(fixture('inline.yml'), 'group_vars/all.yml', () => {}) as { api_key: LockedVaultValue }
    expect(locked.api_key).to.be.instanceOf(LockedVaultValue)
    expect(locked.api_key.error.message).to.equal('Attempting to decrypt but no vault secrets found on a !vault value in group_vars/all.yml')
    expect(() => loadDataFile(fixture('vars-1.1.yml'), 'group_vars/all.yml', () => {})).to.throw('Attempting to decrypt but no vault secrets found on group_vars/all.yml')
  })
})
