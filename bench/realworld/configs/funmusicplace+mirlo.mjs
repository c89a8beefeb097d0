// The corpus config of funmusicplace/mirlo: what `backend-conventions init` writes, plus the one edit a reviewer of
// this project makes (bench/realworld/README.md): artist profiles are public pages, so their reads are public rows.
// Review it: each comment says what was found and why the key is set. A key left out takes its default
// (README, Configuration). Then run `npx backend-conventions check`.

export default {
  $schema: "./node_modules/backend-conventions/backend-conventions.schema.json",

  // Prisma schema found at Prisma's default location: 59 models, 10 enums, read as Prisma 6 reads it.
  prismaSchema: "prisma/schema.prisma",

  softDelete: {
    // Soft-delete fields: nullable DateTime or Boolean fields named like deletedAt/isDeleted/removedAt that the
    // code sets (to a date or true), most used first. A model with one is soft-deletable: reads must filter
    // deleted rows out, deletes must not delete.
    //   deletedAt: Client, Image, Merch, Post, PostImage, Profile, ProfileAvatar, ProfileBackground, ProfileSubscriptionTier, ProfileTipTier, ProfileUserSubscription, Track, TrackAudio, TrackGroup, TrackGroupCover, User, UserAvatar, UserBanner (set in prisma/prisma.ts:73)
    field: "deletedAt",
  },

  ownership: {
    // Identity models (User, Device, Tenant… that other models point to): every query on a model they own
    // must be scoped to the authenticated caller.
    //   User: referenced by ArtistLabel, Client, FundraiserPledge, Invite, MerchPurchase, Notification, Profile, ProfileUserSubscription, TrackGroup, TrackGroupDownload, TrackGroupDownloadCodes, TrackPlay, UserAvatar, UserBanner, UserProfileNotificationSetting, UserProfileTip, UserTrackFavorite, UserTrackGroupPurchase, UserTrackGroupWishlist, UserTrackPurchase, UserTransaction
    ownerModels: ["User"],
    // Owner fields: the foreign keys to them, most used first.
    //   userId → User: FundraiserPledge, MerchPurchase, Notification, Profile, ProfileUserSubscription, UserAvatar, UserBanner, UserProfileNotificationSetting, UserProfileTip, UserTrackFavorite, UserTrackGroupPurchase, UserTrackGroupWishlist, UserTrackPurchase, UserTransaction
    //   labelUserId → User: ArtistLabel
    field: ["userId", "labelUserId"],
    // Actor keys (who created or changed a row, not whose row it is) are never owner fields:
    //   invitedById → User: Invite
    //   redeemedByUserId → User: TrackGroupDownloadCodes
    //   usedById → User: Invite
    models: {
      // For review: only nullable keys to an owner (rows without one may be shared, like built-in templates, or
      // each row has one of them), so not owned here; to scope the rows to their owner, set the field:
      Client: false, // userId → User
      // For review: only actor keys to an owner (who created or changed a row, not whose it is), so not owned
      // here; if the rows belong to that caller, set the field:
      // Invite: "usedById", // → User; or invitedById → User
      // Owned only through a parent (no owner field, a required relation to an owned model). Check that each
      // path leads to the right owner, then uncomment (or put it in place of false):
      // ActivityPubProfileFollowers: "profile.userId",
      // ProfileAvatar: "profile.userId",
      // ProfileBackground: "profile.userId",
      // ArtistTourDate: "artist.userId",
      // ProfileSubscriptionTier: "profile.userId",
      // ProfileTipTier: "profile.userId",
      // ProfileUserSubscriptionConfirmation: "profile.userId",
      // ProfileUserSubscriptionCharge: "profileUserSubscription.userId",
      // Merch: "profile.userId",
      // TrackGroup: "profile.userId",
      // ProfileLocationTag: "profile.userId",
      // PostSubscriptionTier: "profileSubscriptionTier.profile.userId",
      // SubscriptionTierImage: "tier.profile.userId",
      // SubscriptionTierRelease: "tier.profile.userId",
      // MerchImage: "merch.profile.userId",
      // MerchShippingDestination: "merch.profile.userId",
      // MerchOptionType: "merch.profile.userId",
      // TrackGroupDownloadCodes: "trackGroup.profile.userId",
      TrackGroupDownload: false, // or "trackGroup.profile.userId"
      // TrackGroupCover: "trackGroup.profile.userId",
      // Track: "trackGroup.profile.userId",
      // TrackGroupTag: "trackGroup.profile.userId",
      // TrackGroupDownloadableContent: "trackGroup.profile.userId",
      // MerchDownloadableContent: "merch.profile.userId",
      // RecommendedTrackGroup: "trackGroup.profile.userId",
      // MerchOption: "merchOptionType.merch.profile.userId",
      // TrackArtist: "track.trackGroup.profile.userId",
      TrackPlay: false, // or "track.trackGroup.profile.userId"
      // PostTrack: "track.trackGroup.profile.userId",
    },
    // For review: owned models with a Boolean that looks like it marks rows anyone may read. A read whose where
    // requires it is public (writes stay owner-scoped); if so, uncomment:
    // publicReads: {
    //   Merch: { isPublic: true },
    //   TrackGroup: { isPublic: true },
    // },
    // Corpus edit: every artist profile (Profile, owned through userId) is a public page; reads of it are public.
    publicReads: { Profile: true },
    // No owner found, so global (any caller may read them): Settings, EmailVerification, Post, PostImage, Image, MerchItemType, Fundraiser, License, TrackAudio, Tag, LocationTag, DownloadableContent.
    // Where the identity comes from: the defaults (req.user, req.user.*, req.auth, req.auth.*, res.locals.*); no other assignment found.
    // identitySources: ["req.user", "req.user.*", "req.auth", "req.auth.*", "res.locals.*"],
  },

  layers: {
    // Layers found under src/: src/routers (routes).
    // No repositories layer, so the two-layer preset: routes → services → data.
    preset: "two-layer",
  },
};
