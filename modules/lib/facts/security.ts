// Security-related facts: SELinux, AppArmor, FIPS mode and the SSH host keys.
import { keyValueLines, type FactCollector } from './collector.js'

export const selinuxCollector: FactCollector = {
  name: 'selinux',
  group: 'min',
  sections: {
    // Read from the kernel and the config file: no Python selinux bindings needed.
    selinux: `[ -d /sys/fs/selinux ] && [ -e /sys/fs/selinux/enforce ] || exit 0
printf 'enforce=%s\\n' "$(cat /sys/fs/selinux/enforce)"
printf 'policyvers=%s\\n' "$(cat /sys/fs/selinux/policyvers)"
grep -E '^SELINUX(TYPE)?=' /etc/selinux/config`,
  },
  collect(s) {
    const text = s.get('selinux')
    // tsplay reads SELinux state without Python bindings, so they are never "missing".
    if (text === undefined) return { selinux: { status: 'disabled' }, selinux_python_present: true }
    const v = keyValueLines(text)
    const selinux: Record<string, unknown> = {
      status: 'enabled',
      mode: v.get('enforce') === '1' ? 'enforcing' : 'permissive',
      config_mode: v.get('SELINUX') ?? 'unknown',
      type: v.get('SELINUXTYPE') ?? 'unknown',
    }
    const policy = Number(v.get('policyvers'))
    if (Number.isFinite(policy)) selinux.policyvers = policy
    return { selinux, selinux_python_present: true }
  },
}

export const apparmorCollector: FactCollector = {
  name: 'apparmor',
  group: 'min',
  sections: { apparmor: '[ -e /sys/kernel/security/apparmor ] && echo enabled' },
  collect: (s) => ({ apparmor: { status: s.get('apparmor')?.trim() === 'enabled' ? 'enabled' : 'disabled' } }),
}

export const fipsCollector: FactCollector = {
  name: 'fips',
  group: 'min',
  sections: { fips: 'cat /proc/sys/crypto/fips_enabled' },
  collect: (s) => ({ fips: s.get('fips')?.trim() === '1' }),
}

const KEY_TYPES: Record<string, string> = {
  'ssh-dss': 'dsa',
  'ssh-rsa': 'rsa',
  'ecdsa-sha2-nistp256': 'ecdsa',
  'ecdsa-sha2-nistp384': 'ecdsa',
  'ecdsa-sha2-nistp521': 'ecdsa',
  'ssh-ed25519': 'ed25519',
}

export const sshPubKeysCollector: FactCollector = {
  name: 'ssh_pub_keys',
  group: 'min',
  sections: {
    ssh_host_keys: 'for f in /etc/ssh/ssh_host_dsa_key.pub /etc/ssh/ssh_host_rsa_key.pub /etc/ssh/ssh_host_ecdsa_key.pub /etc/ssh/ssh_host_ed25519_key.pub; do [ -r "$f" ] && cat "$f"; done',
  },
  collect(s) {
    const facts: Record<string, string> = {}
    for (const line of (s.get('ssh_host_keys') ?? '').split('\n')) {
      const [keyType = '', key] = line.trim().split(/\s+/)
      const short = Object.hasOwn(KEY_TYPES, keyType) ? KEY_TYPES[keyType] : undefined
      if (!short || !key) continue
      facts[`ssh_host_key_${short}_public`] = key
      facts[`ssh_host_key_${short}_public_keytype`] = keyType
    }
    return facts
  },
}
