// The apt module's parameter schema (its documentation, too).
import type { JsonSchema } from '../../../engine/module.js'

export const aptSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: {
      type: 'array',
      items: { type: 'string' },
      description: 'Packages: "foo", "foo=1.2*" (version glob), "foo>=1.2", or fnmatch patterns like "nova-*"; "*" with state=latest upgrades everything.',
    },
    state: {
      type: 'string',
      enum: ['absent', 'build-dep', 'latest', 'present', 'fixed'],
      default: 'present',
      description: 'present: installed; latest: at the candidate version; absent: removed; build-dep: build dependencies; fixed: apt-get --fix-broken.',
    },
    update_cache: { type: 'boolean', description: 'Run apt-get update first (only when older than cache_valid_time).' },
    update_cache_retries: { type: 'integer', default: 5, description: 'Attempts of apt-get update.' },
    update_cache_retry_max_delay: { type: 'integer', default: 12, description: 'Longest pause (seconds) between update attempts.' },
    cache_valid_time: { type: 'integer', default: 0, description: 'Seconds a package list stays fresh; setting it implies update_cache.' },
    purge: { type: 'boolean', default: false, description: 'With state=absent: also remove configuration files.' },
    default_release: { type: 'string', description: 'Target release (apt-get -t).' },
    install_recommends: { type: 'boolean', description: 'Install recommended packages (default: apt\'s configuration).' },
    force: { type: 'boolean', default: false, description: 'apt-get --force-yes (dangerous: skips authentication).' },
    clean: { type: 'boolean', default: false, description: 'apt-get clean first.' },
    allow_unauthenticated: { type: 'boolean', default: false, description: 'Install unauthenticated packages.' },
    allow_downgrade: { type: 'boolean', default: false, description: 'Allow replacing an installed package by an older version.' },
    allow_change_held_packages: { type: 'boolean', default: false, description: 'Allow changing held packages.' },
    upgrade: {
      type: 'string',
      enum: ['dist', 'full', 'no', 'safe', 'yes'],
      description: 'Upgrade the system: dist/full = apt-get dist-upgrade, yes/safe = apt-get upgrade --with-new-pkgs.',
    },
    dpkg_options: { type: 'string', default: 'force-confdef,force-confold', description: 'Comma-separated dpkg options (each passed as -o Dpkg::Options::=--OPTION).' },
    autoremove: { type: 'boolean', default: false, description: 'Remove dependencies nothing needs any more.' },
    autoclean: { type: 'boolean', default: false, description: 'Remove downloaded package files that can no longer be downloaded.' },
    fail_on_autoremove: { type: 'boolean', default: false, description: 'apt-get --no-remove: fail rather than remove packages.' },
    only_upgrade: { type: 'boolean', default: false, description: 'Only upgrade packages that are installed.' },
    force_apt_get: { type: 'boolean', default: false, description: 'Accepted for compatibility: tsplay always uses apt-get.' },
    policy_rc_d: { type: 'integer', description: 'Exit code of a temporary /usr/sbin/policy-rc.d (101 keeps installed services from starting).' },
    lock_timeout: { type: 'integer', default: 60, description: 'Seconds to wait for the dpkg lock.' },
  },
  not: { required: ['name', 'upgrade'] },
}
