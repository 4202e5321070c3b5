-- Put the community's own name into its official posts' titles, which the demo's spec writes with 长山社区.
UPDATE official_post SET title = replace(title, '长山社区', $community) WHERE community = $community
