sudo apt-get update
sudo apt-get upgrade -y
tail -f /var/log/nginx/access.log
sudo systemctl reload nginx
curl -fsSL https://deb.nodesource.com/setup_20.x | sudo bash -
sudo apt-get install -y nodejs
crontab -e
df -h
sudo journalctl -u nginx --since today
