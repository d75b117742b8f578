#!/bin/sh
virsh list --all
