sudo tail -n 50 /var/log/apache2/error.log
sudo systemctl status apache2
ls /var/www/html
