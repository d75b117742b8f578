// The shapes callers see: a host and a group as the inventory defines them.

export interface InventoryHost {
  name: string
  /** Variables set on the host by the inventory source itself (not group_vars/host_vars files). */
  vars: Record<string, unknown>
  /** Groups the host was put in directly, in the order it was added to them. */
  groups: string[]
}

export interface InventoryGroup {
  name: string
  /** Variables set on the group by the inventory source itself. */
  vars: Record<string, unknown>
  /** Hosts put directly in this group (not those of child groups). */
  hosts: string[]
  children: string[]
  parents: string[]
}

/** Receives ansible-style warnings ("Unable to parse X as an inventory source"). */
export type Warn = (msg: string) => void
