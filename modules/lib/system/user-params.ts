// The user module's parameters (shared by its command builders and extras).
export interface UserParams {
  name: string
  state: 'present' | 'absent'
  uid?: number
  non_unique: boolean
  group?: string
  groups?: string[]
  comment?: string
  home?: string
  shell?: string
  password?: string
  force: boolean
  remove: boolean
  create_home: boolean
  skeleton?: string
  system: boolean
  move_home: boolean
  append: boolean
  generate_ssh_key?: boolean
  ssh_key_bits: number
  ssh_key_type: string
  ssh_key_file?: string
  ssh_key_comment?: string
  ssh_key_passphrase?: string
  update_password: 'always' | 'on_create'
  expires?: number
  password_lock?: boolean
  umask?: string
  password_expire_max?: number
  password_expire_min?: number
  seuser?: string
}
