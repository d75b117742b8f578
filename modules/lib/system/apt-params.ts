// The apt module's parameters.
export interface AptParams {
  name?: string[]
  state: 'absent' | 'build-dep' | 'latest' | 'present' | 'fixed'
  update_cache?: boolean
  update_cache_retries: number
  update_cache_retry_max_delay: number
  cache_valid_time: number
  purge: boolean
  default_release?: string
  install_recommends?: boolean
  force: boolean
  clean: boolean
  allow_unauthenticated: boolean
  allow_downgrade: boolean
  allow_change_held_packages: boolean
  upgrade?: 'dist' | 'full' | 'no' | 'safe' | 'yes'
  dpkg_options: string
  autoremove: boolean
  autoclean: boolean
  fail_on_autoremove: boolean
  only_upgrade: boolean
  force_apt_get: boolean
  policy_rc_d?: number
  lock_timeout: number
}
