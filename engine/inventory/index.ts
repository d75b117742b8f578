// Ansible's inventory: INI, YAML/JSON, folders with group_vars/ and host_vars/, dynamic
// inventory scripts and 'h1,h2,' lists; host patterns and --limit; add_host and group_by.

export { Inventory, type InventoryLoadOptions, type SelectOptions } from './inventory.js'
export type { InventoryGroup, InventoryHost, Warn } from './types.js'
export { splitHostPattern } from './patterns.js'
export { LOCALHOST_NAMES } from './graph.js'
