// yum: rpm packages on CentOS/RHEL 7 and older.
import { rpmPackageModule } from './lib/system/rpm-module.js'

export default rpmPackageModule('yum', [
  `- name: Virtualisation tools
  yum:
    name: [qemu-kvm, libvirt, virt-install]
    state: present`,
  `- name: Remove NetworkManager
  yum: name=NetworkManager state=absent`,
])
