#!/bin/bash
# Started by local-lab.test.ts under `unshare --mount --net --pid --uts --fork --mount-proc`.
# Makes this machine's system folders copy-on-write (overlays whose upper layers live in a
# tmpfs), gives the namespace its own /run, loopback and /dev/kvm node, then runs the steps
# script. The lab's packages, files, daemons, bridges and sysctls stay in these namespaces;
# when this script (pid 1 here) ends, the kernel ends every daemon the lab started.
set -euo pipefail
layers=$1
steps=$2

mount --make-rprivate /
mount -t tmpfs tsplay-lab "$layers"
for dir in /etc /usr /var /root /home /opt /srv; do
  [ -d "$dir" ] || continue
  name=${dir#/}
  mkdir -p "$layers/$name/upper" "$layers/$name/work"
  mount -t overlay overlay -o "lowerdir=$dir,upperdir=$layers/$name/upper,workdir=$layers/$name/work" "$dir"
done
# A private /run: libvirt's and Ironic's sockets and pid files, no systemd to talk to.
mount -t tmpfs tsplay-run /run
mkdir -p /run/lock
# The hypervisor role sets /dev/kvm's group and mode as udev would: on a node of our own.
if [ -c /dev/kvm ]; then
  mknod -m 0600 "$layers/kvm" c 10 232
  mount --bind "$layers/kvm" /dev/kvm
fi
ip link set lo up
hostname tsplay-lab
exec bash "$steps"
