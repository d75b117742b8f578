// Parameters the dnf and yum modules share (ansible-core's yumdnf argument spec), and
// the command-line options they turn into.
import type { JsonSchema } from '../../../engine/module.js'

export interface RpmParams {
  name: string[]
  state?: 'absent' | 'installed' | 'latest' | 'present' | 'removed'
  update_cache: boolean
  enablerepo: string[]
  disablerepo: string[]
  exclude: string[]
  conf_file?: string
  disable_gpg_check: boolean
  installroot: string
  releasever?: string
  autoremove: boolean
  skip_broken: boolean
  update_only: boolean
  security: boolean
  bugfix: boolean
  enable_plugin: string[]
  disable_plugin: string[]
  disable_excludes?: string
  validate_certs: boolean
  sslverify: boolean
  allow_downgrade: boolean
  install_weak_deps: boolean
  allowerasing: boolean
  nobest: boolean
  cacheonly: boolean
  lock_timeout: number
}

const list = (description: string): JsonSchema => ({ type: 'array', items: { type: 'string' }, default: [], description })
const bool = (description: string, value = false): JsonSchema => ({ type: 'boolean', default: value, description })

export function rpmSchema(tool: 'dnf' | 'yum'): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      name: list('Packages: names, "name-version", "name >= version", provides, or .rpm files/URLs; "*" with state=latest updates everything.'),
      state: {
        type: 'string',
        enum: ['absent', 'installed', 'latest', 'present', 'removed'],
        description: 'present/installed (default), latest, absent/removed.',
      },
      update_cache: bool(`Refresh the repository metadata first (${tool} --refresh / makecache).`),
      enablerepo: list('Repositories to enable for this run.'),
      disablerepo: list('Repositories to disable for this run.'),
      exclude: list('Packages to exclude.'),
      conf_file: { type: 'string', description: `Another ${tool} configuration file.` },
      disable_gpg_check: bool('Do not check package signatures.'),
      installroot: { type: 'string', default: '/', description: 'Install into another root.' },
      releasever: { type: 'string', description: 'Release version for the repositories ($releasever).' },
      autoremove: bool('Remove dependencies nothing needs any more (alone, or with state=absent).'),
      skip_broken: bool('Skip packages with broken dependencies.'),
      update_only: bool('With state=latest: only update installed packages, install nothing new.'),
      security: bool('With state=latest: only security updates.'),
      bugfix: bool('With state=latest: only bugfix updates.'),
      enable_plugin: list('Plugins to enable.'),
      disable_plugin: list('Plugins to disable.'),
      disable_excludes: { type: 'string', description: 'Disable excludes: all, main, or a repository id.' },
      validate_certs: bool('Accepted for compatibility (repositories use sslverify).', true),
      sslverify: bool('Verify repository TLS certificates.', true),
      allow_downgrade: bool('Allow installing an older version than the installed one.'),
      install_weak_deps: bool('Install weak dependencies (Recommends); dnf only.', true),
      allowerasing: bool('Allow removing installed packages to resolve conflicts (dnf only).'),
      nobest: bool('Do not insist on the best candidate (dnf only).'),
      cacheonly: bool('Use only the metadata cache.'),
      lock_timeout: { type: 'integer', default: 30, description: 'Accepted for compatibility: dnf/yum wait for their own lock.' },
    },
  }
}

/** Options for every dnf/yum run of the task. */
export function commonOptions(tool: 'dnf' | 'yum', p: RpmParams): string[] {
  const opts: string[] = []
  if (p.conf_file) opts.push('-c', p.conf_file)
  if (p.installroot !== '/') opts.push(`--installroot=${p.installroot}`)
  if (p.releasever) opts.push(`--releasever=${p.releasever}`)
  for (const repo of p.disablerepo) opts.push(`--disablerepo=${repo}`)
  for (const repo of p.enablerepo) opts.push(`--enablerepo=${repo}`)
  for (const pkg of p.exclude) opts.push(`--exclude=${pkg}`)
  for (const plugin of p.disable_plugin) opts.push(`--disableplugin=${plugin}`)
  for (const plugin of p.enable_plugin) opts.push(`--enableplugin=${plugin}`)
  if (p.disable_excludes) opts.push(`--disableexcludes=${p.disable_excludes}`)
  if (p.disable_gpg_check) opts.push('--nogpgcheck')
  if (!p.sslverify) opts.push('--setopt=sslverify=False')
  if (p.skip_broken) opts.push('--skip-broken')
  if (p.cacheonly) opts.push('--cacheonly')
  if (p.update_cache) opts.push(tool === 'dnf' ? '--refresh' : '--setopt=metadata_expire=0')
  if (tool === 'dnf') {
    if (!p.install_weak_deps) opts.push('--setopt=install_weak_deps=False')
    if (p.allowerasing) opts.push('--allowerasing')
    if (p.nobest) opts.push('--nobest')
  }
  return opts
}
