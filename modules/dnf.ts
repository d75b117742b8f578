// dnf: rpm packages on Fedora, CentOS/RHEL 8 and later.
import { rpmPackageModule } from './lib/system/rpm-module.js'

export default rpmPackageModule('dnf', [
  `- name: Undercloud client packages
  dnf:
    name: [python3-tripleoclient, ceph-ansible]
    state: present`,
  `- name: Everything up to date
  dnf:
    name: "*"
    state: latest`,
])
