// Storage initiator names of the target: iSCSI IQN, NVMe host NQN, Fibre Channel WWNs.
import { keyValueLines, type FactCollector } from './collector.js'

export const iscsiCollector: FactCollector = {
  name: 'iscsi',
  group: 'network',
  sections: { iscsi: 'cat /etc/iscsi/initiatorname.iscsi' },
  collect: (s) => ({ iscsi_iqn: keyValueLines(s.get('iscsi')).get('InitiatorName') ?? '' }),
}

export const nvmeCollector: FactCollector = {
  name: 'nvme',
  group: 'network',
  sections: { hostnqn: 'cat /etc/nvme/hostnqn' },
  collect: (s) => ({ hostnqn: s.get('hostnqn')?.trim() ?? '' }),
}

export const fcWwnCollector: FactCollector = {
  name: 'fibre_channel_wwn',
  group: 'network',
  sections: { fc_wwn: 'cat /sys/class/fc_host/*/port_name' },
  collect: (s) => ({
    fibre_channel_wwn: (s.get('fc_wwn') ?? '')
      .split('\n')
      .map((line) => line.trim().replace(/^0x/, ''))
      .filter(Boolean),
  }),
}
