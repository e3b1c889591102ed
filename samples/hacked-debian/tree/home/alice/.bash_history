sudo apt-get update
ls -la /var/www/html
sudo systemctl restart apache2
