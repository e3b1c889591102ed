(function ($) { Drupal.behaviors = {}; })(jQuery);
