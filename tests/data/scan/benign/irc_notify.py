# Sends a build notice to an IRC channel.
import socket

s = socket.create_connection(("irc.example.com", 6667))
for line in ("NICK buildbot", "USER buildbot 0 * :Build bot", "JOIN #builds", "PRIVMSG #builds :build ok", "QUIT"):
    s.sendall((line + "\r\n").encode())
