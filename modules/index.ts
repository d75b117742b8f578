// The built-in modules, by short name. Fully qualified names (ansible.builtin.X,
// ansible.legacy.X) are resolved by the caller.
import type { ModuleDefinition } from '../engine/module.js'
import add_host from './add_host.js'
import assertModule from './assert.js'
import command from './command.js'
import debug from './debug.js'
import fail from './fail.js'
import group_by from './group_by.js'
import include_vars from './include_vars.js'
import meta from './meta.js'
import pause from './pause.js'
import ping from './ping.js'
import async_status from './async_status.js'
import raw from './raw.js'
import script from './script.js'
import set_fact from './set_fact.js'
import setup from './setup.js'
import shell from './shell.js'
import wait_for from './wait_for.js'
// Lab (issue 5)
import libvirt_net from './libvirt_net.js'
import vm_domain from './vm_domain.js'
import node_introspect from './node_introspect.js'
import undercloud_install from './undercloud_install.js'
import vbmc from './vbmc.js'
import kvm_nested from './kvm_nested.js'
import netplan from './netplan.js'
import sysctl from './sysctl.js'
// System (issue 3)
import apt from './apt.js'
import authorized_key from './authorized_key.js'
import dnf from './dnf.js'
import get_url from './get_url.js'
import group from './group.js'
import hostname from './hostname.js'
import modprobe from './modprobe.js'
import packageModule from './package.js'
import service from './service.js'
import systemd from './systemd.js'
import unarchive from './unarchive.js'
import user from './user.js'
import yum from './yum.js'
// Files (issue 3)
import blockinfile from './blockinfile.js'
import copy from './copy.js'
import fetch from './fetch.js'
import file from './file.js'
import find from './find.js'
import ini_file from './ini_file.js'
import lineinfile from './lineinfile.js'
import replace from './replace.js'
import slurp from './slurp.js'
import stat from './stat.js'
import tempfile from './tempfile.js'
import template from './template.js'

export const builtinModules: Record<string, ModuleDefinition> = {
  add_host,
  assert: assertModule,
  command,
  debug,
  fail,
  group_by,
  include_vars,
  meta,
  pause,
  ping,
  async_status,
  raw,
  script,
  set_fact,
  setup,
  shell,
  wait_for,
  blockinfile,
  copy,
  fetch,
  file,
  find,
  ini_file,
  lineinfile,
  replace,
  slurp,
  stat,
  tempfile,
  template,
  apt,
  authorized_key,
  dnf,
  get_url,
  group,
  hostname,
  modprobe,
  package: packageModule,
  service,
  systemd,
  unarchive,
  user,
  yum,
  kvm_nested,
  netplan,
  sysctl,
  node_introspect,
  undercloud_install,
  vbmc,
  libvirt_net,
  vm_domain,
}

/** Collection names (FQCN) that playbooks use for modules tsplay provides under a short name. */
export const collectionAliases: Record<string, string> = {
  'community.general.ini_file': 'ini_file',
  'community.general.modprobe': 'modprobe',
  'community.general.hostname': 'hostname',
  'ansible.posix.authorized_key': 'authorized_key',
  'ansible.posix.sysctl': 'sysctl',
}
